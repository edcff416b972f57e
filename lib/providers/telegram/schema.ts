import { z } from "zod";

/** Bot API envelope: `{ok:true, result}` or `{ok:false, error_code, description, parameters?}`. */
export const ZEnvelope = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).optional(),
});

export const ZBotUser = z.object({ id: z.number(), is_bot: z.boolean(), first_name: z.string(), username: z.string().optional() });
export type TBotUser = z.infer<typeof ZBotUser>;

export const ZChat = z.object({ id: z.number(), type: z.string(), title: z.string().optional(), username: z.string().optional() });
export type TChat = z.infer<typeof ZChat>;

export const ZChatMember = z.object({
  status: z.string(),
  can_post_messages: z.boolean().optional(),
});
export type TChatMember = z.infer<typeof ZChatMember>;

export const ZTelegramFailure = z.object({
  ok: z.literal(false),
  error_code: z.number().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).optional(),
});
