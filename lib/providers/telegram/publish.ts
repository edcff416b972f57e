import "server-only";
import { z } from "zod";
import { http } from "@/lib/http";
import type { PublishHooks, PublishRequest, PublishResult } from "@/lib/providers/types";
import { parseTelegramError } from "./transform";

const ZSent = z.object({ ok: z.literal(true), result: z.object({ message_id: z.number() }) });

async function send(req: PublishRequest, method: string, params: Record<string, unknown>): Promise<number> {
  // The token is in the path; lib/http redacts it in logs. No parse_mode: the text goes as written.
  const res = await http().request(`https://api.telegram.org/bot${req.accessToken}/${method}`, { method: "POST", json: params });
  if (!res.ok) throw parseTelegramError(res.status, res.jsonOrUndefined());
  return res.json(ZSent).result.message_id;
}

function messageUrl(req: PublishRequest, messageId: number): string {
  const handle = req.connection.handle?.replace(/^@/, "");
  if (handle) return `https://t.me/${handle}/${messageId}`;
  return `https://t.me/c/${req.connection.providerAccountId.replace(/^-100/, "")}/${messageId}`;
}

/** Telegram channel: sendMessage, or sendPhoto by URL (Telegram downloads it) with the text as caption. */
async function publish(req: PublishRequest): Promise<PublishResult> {
  const chat = req.connection.providerAccountId;
  const image = req.images[0];
  const id = image
    ? await send(req, "sendPhoto", { chat_id: chat, photo: image.url, ...(req.text ? { caption: req.text } : {}) })
    : await send(req, "sendMessage", { chat_id: chat, text: req.text });
  await req.saveProgress({ message: String(id) });
  return { remoteId: String(id), url: messageUrl(req, id) };
}

export const telegramPublishing: PublishHooks = {
  publish,
  profileUrl: (c) => (c.handle ? `https://t.me/${c.handle.replace(/^@/, "")}` : null),
};
