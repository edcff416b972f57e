import { z } from "zod";
import { route } from "@/lib/api/route";
import { setStatusOp } from "@/lib/inbox/operations";

/** Marks the conversation done, or open again. */
export const POST = route({ auth: "session", role: "member", schema: z.object({ status: z.enum(["open", "done"]) }) }, (input, who, { params }) =>
  setStatusOp.run({ status: input.status, conversationId: String(params.id) }, who.ctx),
);
