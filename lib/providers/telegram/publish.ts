import "server-only";
import { z } from "zod";
import type { PublishHooks, PublishRequest, PublishResult } from "@/lib/providers/types";
import { callBot } from "./api";

const ZMessage = z.object({ message_id: z.number() });
const ZSent = z.union([ZMessage, z.array(ZMessage).min(1)]);

async function send(req: PublishRequest, method: string, params: Record<string, unknown>): Promise<number> {
  // No parse_mode: the text goes as written. Never retried: a repeated send posts twice.
  const result = await callBot(req.accessToken, method, ZSent, params);
  return Array.isArray(result) ? result[0]!.message_id : result.message_id;
}

function messageUrl(req: PublishRequest, messageId: number): string {
  const handle = req.connection.handle?.replace(/^@/, "");
  if (handle) return `https://t.me/${handle}/${messageId}`;
  return `https://t.me/c/${req.connection.providerAccountId.replace(/^-100/, "")}/${messageId}`;
}

/** Telegram channel: sendMessage; sendPhoto by URL (Telegram downloads it) with the text as caption; sendMediaGroup for several. */
async function publish(req: PublishRequest): Promise<PublishResult> {
  const chat = req.connection.providerAccountId;
  const caption = req.text ? { caption: req.text } : {};
  const id =
    req.images.length > 1
      ? await send(req, "sendMediaGroup", { chat_id: chat, media: req.images.map((image, i) => ({ type: "photo", media: image.url, ...(i === 0 ? caption : {}) })) })
      : req.images.length === 1
        ? await send(req, "sendPhoto", { chat_id: chat, photo: req.images[0]!.url, ...caption })
        : await send(req, "sendMessage", { chat_id: chat, text: req.text });
  await req.saveProgress({ message: String(id) });
  return { remoteId: String(id), url: messageUrl(req, id) };
}

export const telegramPublishing: PublishHooks = {
  publish,
  profileUrl: (c) => (c.handle ? `https://t.me/${c.handle.replace(/^@/, "")}` : null),
};
