import "server-only";
import { z } from "zod";
import { parseBody, providerRequest } from "@/lib/providers/call";
import { ZBotUser, ZChat, ZChatMember, ZEnvelope } from "./schema";
import { parseTelegramError } from "./transform";

/** The Bot API URL carries the token in its path; lib/http redacts it (`bot***`) in logs. */
const url = (botToken: string, method: string) => `https://api.telegram.org/bot${botToken}/${method}`;

/**
 * One Bot API method through the provider-call wrapper: `{ok:true, result}` → the result parsed
 * by `schema`; `{ok:false, error_code, description}` (whatever the status) → ProviderError.
 */
export async function callBot<T extends z.ZodType>(botToken: string, method: string, schema: T, params: Record<string, unknown>, options: { retry?: boolean } = {}): Promise<z.output<T>> {
  const res = await providerRequest(parseTelegramError, url(botToken, method), { method: "POST", json: params, retry: options.retry });
  if (!parseBody(res, ZEnvelope).ok) throw parseTelegramError(res.status, res.jsonOrUndefined());
  return (parseBody(res, z.object({ result: schema })) as { result: z.output<T> }).result;
}

// Reads: repeating them is harmless.
export const getMe = (botToken: string) => callBot(botToken, "getMe", ZBotUser, {}, { retry: true });
export const getChat = (botToken: string, chatId: string) => callBot(botToken, "getChat", ZChat, { chat_id: chatId }, { retry: true });
export const getChatMember = (botToken: string, chatId: string | number, userId: number) =>
  callBot(botToken, "getChatMember", ZChatMember, { chat_id: chatId, user_id: userId }, { retry: true });
