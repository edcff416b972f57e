import { z } from "zod";
import { route } from "@/lib/api/route";
import { assignOp } from "@/lib/inbox/operations";

/** Assigns the conversation to a member (or nobody: `null`). */
export const POST = route({ auth: "session", role: "member", schema: z.object({ assigneeId: z.uuid("Pick a member.").nullable() }) }, (input, who, { params }) =>
  assignOp.run({ assigneeId: input.assigneeId, conversationId: String(params.id) }, who.ctx),
);
