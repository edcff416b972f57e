/** The Bot API methods Switchboard calls: getMe, getChat, getChatMember, sendMessage, sendPhoto, sendMediaGroup, getFile. */
import type { SandboxContext } from "../../core/types";
import { findChannel, type TelegramBot, type TelegramChannel } from "./fixtures";
import { renderText } from "./format";
import type { BotParams } from "./params";
import { fetchMedia } from "../../core/fetch-media";
import { resolvePhoto, type StoredPhoto } from "./photo";
import { chatNotFound, fail, ok } from "./respond";

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
/** Telegram's documented pace for one chat: about 20 messages per minute. */
export const PER_CHAT_PER_MINUTE = 20;

export interface TelegramState {
  nextMessageId: Map<number, number>;
  /** Send times per chat, for the per-chat flood limit. */
  sends: Map<number, number[]>;
  files: Map<string, StoredPhoto>;
}

export function createTelegramState(): TelegramState {
  return { nextMessageId: new Map(), sends: new Map(), files: new Map() };
}

export interface Call {
  bot: TelegramBot;
  params: BotParams;
  state: TelegramState;
  ctx: SandboxContext;
  /** The sandbox's own base URL: photo URLs under it are served in-process. */
  sandboxUrl: string;
}

function chatObject(c: TelegramChannel) {
  return { id: c.id, title: c.title, ...(c.username ? { username: c.username } : {}), type: "channel" as const };
}

function botUser(bot: TelegramBot) {
  return { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username };
}

/** The channel for `chat_id`, or Telegram's error. Private channels are invisible to non-members. */
function lookupChat(bot: TelegramBot, chatId: string | undefined): TelegramChannel | Response {
  if (!chatId) return fail(400, "Bad Request: chat_id is empty");
  const channel = findChannel(chatId.trim());
  if (!channel) return chatNotFound();
  if (!channel.username && !channel.bots[bot.id]) return chatNotFound();
  return channel;
}

/** Why this bot may not post in this channel, as Telegram says it. */
function postingError(bot: TelegramBot, channel: TelegramChannel): Response | undefined {
  const m = channel.bots[bot.id];
  if (!m) return fail(403, "Forbidden: bot is not a member of the channel chat");
  if (m.status === "kicked") return fail(403, "Forbidden: bot was kicked from the channel chat");
  if (!m.can_post_messages) return fail(400, "Bad Request: need administrator rights in the channel chat");
  return undefined;
}

function floodCheck(call: Call, channel: TelegramChannel): Response | undefined {
  const now = call.ctx.clock.now();
  const recent = (call.state.sends.get(channel.id) ?? []).filter((t) => now - t < 60_000);
  call.state.sends.set(channel.id, recent);
  if (recent.length < PER_CHAT_PER_MINUTE) return undefined;
  const retryAfter = Math.max(1, Math.ceil((recent[0]! + 60_000 - now) / 1000));
  return fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

function nextMessage(call: Call, channel: TelegramChannel) {
  const id = call.state.nextMessageId.get(channel.id) ?? 1;
  call.state.nextMessageId.set(channel.id, id + 1);
  call.state.sends.get(channel.id)?.push(call.ctx.clock.now());
  return {
    message_id: id,
    sender_chat: chatObject(channel),
    chat: chatObject(channel),
    date: Math.floor(call.ctx.clock.now() / 1000),
  };
}

function target(channel: TelegramChannel): string {
  return channel.username ? `@${channel.username}` : String(channel.id);
}

export function getMe({ bot }: Call): Response {
  return ok({
    ...botUser(bot),
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  });
}

export function getChat(call: Call): Response {
  const channel = lookupChat(call.bot, call.params.get("chat_id"));
  if (channel instanceof Response) return channel;
  return ok({
    ...chatObject(channel),
    ...(channel.description ? { description: channel.description } : {}),
    photo: {
      small_file_id: `chatphoto-small-${channel.id}`,
      small_file_unique_id: `AQADs${String(channel.id).slice(-6)}`,
      big_file_id: `chatphoto-big-${channel.id}`,
      big_file_unique_id: `AQADb${String(channel.id).slice(-6)}`,
    },
    accent_color_id: Math.abs(channel.id) % 7,
    max_reaction_count: 11,
  });
}

export function getChatMember(call: Call): Response {
  const channel = lookupChat(call.bot, call.params.get("chat_id"));
  if (channel instanceof Response) return channel;
  const own = channel.bots[call.bot.id];
  if (!own) return fail(403, "Forbidden: bot is not a member of the channel chat");
  if (own.status === "kicked") return fail(403, "Forbidden: bot was kicked from the channel chat");
  const userId = Number(call.params.get("user_id"));
  if (!Number.isInteger(userId) || userId <= 0) return fail(400, "Bad Request: invalid user_id specified");
  if (userId === channel.creator.id) {
    return ok({ user: { ...channel.creator, is_bot: false }, status: "creator", is_anonymous: false });
  }
  if (userId !== call.bot.id) return fail(400, "Bad Request: user not found");
  return ok({
    user: botUser(call.bot),
    status: "administrator",
    can_be_edited: false,
    is_anonymous: false,
    can_manage_chat: true,
    can_delete_messages: own.can_delete_messages,
    can_manage_video_chats: false,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: false,
    can_invite_users: true,
    can_post_messages: own.can_post_messages,
    can_edit_messages: own.can_edit_messages,
    can_post_stories: false,
    can_edit_stories: false,
    can_delete_stories: false,
  });
}

export function sendMessage(call: Call): Response {
  const channel = lookupChat(call.bot, call.params.get("chat_id"));
  if (channel instanceof Response) return channel;
  const denied = postingError(call.bot, channel);
  if (denied) return denied;
  const raw = call.params.get("text") ?? "";
  if (!raw.trim()) return fail(400, "Bad Request: message text is empty");
  const rendered = renderText(raw, call.params.get("parse_mode"));
  if (!rendered.ok) return fail(400, rendered.description);
  if (!rendered.text.trim()) return fail(400, "Bad Request: message text is empty");
  if (rendered.text.length > MAX_TEXT) return fail(400, "Bad Request: message is too long");
  const flooded = floodCheck(call, channel);
  if (flooded) return flooded;
  const message = { ...nextMessage(call, channel), text: rendered.text };
  call.ctx.recordPost({ platform: "telegram", target: target(channel), id: String(message.message_id), text: rendered.text, media: [] });
  return ok(message);
}

export async function sendPhoto(call: Call): Promise<Response> {
  const channel = lookupChat(call.bot, call.params.get("chat_id"));
  if (channel instanceof Response) return channel;
  const denied = postingError(call.bot, channel);
  if (denied) return denied;
  const rendered = renderText(call.params.get("caption") ?? "", call.params.get("parse_mode"));
  if (!rendered.ok) return fail(400, rendered.description);
  if (rendered.text.length > MAX_CAPTION) return fail(400, "Bad Request: message caption is too long");
  const photo = await resolvePhoto(call.params, call.state.files, (url, maxBytes) => fetchMedia(call.ctx, call.sandboxUrl, url.toString(), { maxBytes }));
  if (!photo.ok) return fail(photo.code, photo.description);
  const flooded = floodCheck(call, channel);
  if (flooded) return flooded;
  call.state.files.set(photo.photo.fileId, photo.photo);
  const p = photo.photo;
  const sizes = [90, 320, 800].map((w, i) => ({
    file_id: i === 2 ? p.fileId : `${p.fileId}_${w}`,
    file_unique_id: `${p.uniqueId}${i}`,
    file_size: Math.round((p.size || 60_000) / (3 - i)),
    width: w,
    height: Math.round(w * 0.75),
  }));
  const message = { ...nextMessage(call, channel), photo: sizes, ...(rendered.text ? { caption: rendered.text } : {}) };
  call.ctx.recordPost({ platform: "telegram", target: target(channel), id: String(message.message_id), text: rendered.text, media: [p.source] });
  return ok(message);
}

export function getFile(call: Call): Response {
  const fileId = call.params.get("file_id");
  if (!fileId) return fail(400, "Bad Request: file_id is empty");
  const chatPhoto = /^chatphoto-(small|big)-(-?\d+)$/.exec(fileId);
  if (chatPhoto) {
    return ok({ file_id: fileId, file_unique_id: `AQAD${chatPhoto[2]!.slice(-6)}`, file_size: 2048, file_path: `profile_photos/${chatPhoto[2]}_${chatPhoto[1]}.svg` });
  }
  const f = call.state.files.get(fileId);
  if (!f) return fail(400, "Bad Request: invalid file_id");
  return ok({ file_id: f.fileId, file_unique_id: f.uniqueId, file_size: f.size, file_path: `photos/${f.fileId}.jpg` });
}

/** One album: 2–10 photos (`media` is a JSON array of InputMediaPhoto), the caption on the item that carries it. */
export async function sendMediaGroup(call: Call): Promise<Response> {
  const channel = lookupChat(call.bot, call.params.get("chat_id"));
  if (channel instanceof Response) return channel;
  const denied = postingError(call.bot, channel);
  if (denied) return denied;
  let items: unknown;
  try {
    items = JSON.parse(call.params.get("media") ?? "");
  } catch {
    return fail(400, "Bad Request: can't parse media JSON object");
  }
  if (!Array.isArray(items)) return fail(400, "Bad Request: can't parse media JSON object");
  if (items.length < 2 || items.length > 10) return fail(400, "Bad Request: wrong number of media: must include 2-10 items");
  const photos: StoredPhoto[] = [];
  const captions: string[] = [];
  for (const raw of items as Array<Record<string, unknown>>) {
    if (raw?.type !== "photo" || typeof raw.media !== "string") return fail(400, "Bad Request: the sandbox supports media groups of photos only (type \"photo\")");
    const rendered = renderText(typeof raw.caption === "string" ? raw.caption : "", typeof raw.parse_mode === "string" ? raw.parse_mode : undefined);
    if (!rendered.ok) return fail(400, rendered.description);
    if (rendered.text.length > MAX_CAPTION) return fail(400, "Bad Request: message caption is too long");
    captions.push(rendered.text);
    const media = raw.media;
    // Each item is resolved as sendPhoto's `photo` is: a URL (downloaded), attach://<field>, or a file_id.
    const itemParams = { get: (n: string) => (n === "photo" ? media : undefined), file: call.params.file };
    const photo = await resolvePhoto(itemParams, call.state.files, (url, maxBytes) => fetchMedia(call.ctx, call.sandboxUrl, url.toString(), { maxBytes }));
    if (!photo.ok) return fail(photo.code, photo.description);
    photos.push(photo.photo);
  }
  const flooded = floodCheck(call, channel);
  if (flooded) return flooded;
  const groupId = String(Date.now()) + String(Math.floor(Math.random() * 1000));
  const messages = photos.map((p, i) => {
    call.state.files.set(p.fileId, p);
    return { ...nextMessage(call, channel), media_group_id: groupId, photo: [{ file_id: p.fileId, file_unique_id: p.uniqueId, file_size: p.size, width: 800, height: 600 }], ...(captions[i] ? { caption: captions[i] } : {}) };
  });
  call.ctx.recordPost({ platform: "telegram", target: target(channel), id: String(messages[0]!.message_id), text: captions.find(Boolean) ?? "", media: photos.map((p) => p.source) });
  return ok(messages);
}
