import { route } from "@/lib/api/route";
import { getThreadOp } from "@/lib/inbox/operations";

export const dynamic = "force-dynamic";

/** One conversation with its messages, reply window and read-only state (404 for another organization's). */
export const GET = route({ auth: "session", role: "member" }, (_input, who, { params }) => getThreadOp.run({ conversationId: String(params.id) }, who.ctx));
