import "server-only";
import type { z } from "zod";
import { http } from "@/lib/http";
import { ZBotUser, ZChat, ZChatMember, ZEnvelope } from "./schema";

/** The Bot API URL carries the token in its path; lib/http redacts it (`bot***`) in logs. */
const url = (botToken: string, method: string) => `https://api.telegram.org/bot${botToken}/${method}`;

export type TBotAnswer<T> = { ok: true; result: T } | { ok: false; status: number; errorCode: number; description: string };

async function call<T extends z.ZodType>(botToken: string, method: string, schema: T, params: Record<string, string | number>): Promise<TBotAnswer<z.output<T>>> {
  const res = await http().post(url(botToken, method), { json: params, retry: true });
  const body = res.json(ZEnvelope);
  if (body.ok) return { ok: true, result: schema.parse(body.result) as z.output<T> };
  return { ok: false, status: res.status, errorCode: body.error_code ?? res.status, description: body.description ?? "" };
}

export const getMe = (botToken: string) => call(botToken, "getMe", ZBotUser, {});
export const getChat = (botToken: string, chatId: string) => call(botToken, "getChat", ZChat, { chat_id: chatId });
export const getChatMember = (botToken: string, chatId: string | number, userId: number) =>
  call(botToken, "getChatMember", ZChatMember, { chat_id: chatId, user_id: userId });
