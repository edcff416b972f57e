import { z } from "zod";
import { route } from "@/lib/api/route";
import { replyOp } from "@/lib/inbox/operations";

/** A reply through Meta's Send API (refused with the reason when the window is closed or the account unlinked). */
export const POST = route(
  { auth: "session", role: "member", schema: z.object({ text: z.string().max(4000, "Messages can have at most 2,000 characters.") }), rateLimit: { scope: "inbox-reply", limit: 60, windowMs: 60_000 } },
  (input, who, { params }) => replyOp.run({ text: input.text, conversationId: String(params.id) }, who.ctx),
);
