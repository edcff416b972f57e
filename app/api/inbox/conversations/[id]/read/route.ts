import { route } from "@/lib/api/route";
import { markReadOp } from "@/lib/inbox/operations";

/** Opening a conversation: unread to 0, and `mark_seen` to the person. */
export const POST = route({ auth: "session", role: "member" }, (_input, who, { params }) => markReadOp.run({ conversationId: String(params.id) }, who.ctx));
