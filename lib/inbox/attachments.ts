import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { conversations, messages, type TMessageAttachment } from "@/db/schema";
import { fail } from "@/lib/action-errors";
import type { HttpClient } from "@/lib/http";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { defineQueue } from "@/lib/jobs/queue";
import { childLogger } from "@/lib/log";
import { downloadFromHosts } from "@/lib/media/avatar";
import { mediaStorage, type MediaStorage } from "@/lib/media/storage";
import type { TAttachmentDto } from "./dto";
import { publishInboxChange } from "./live";

const log = childLogger({ module: "inbox" });

/**
 * A new message's attachments, downloaded from Meta (its URLs expire) into media storage. Meta
 * down or slow: retried with backoff (30 s, 1 min, 2 min…) for about half an hour. Meta's URLs last days.
 */
export const inboxAttachmentQueue = defineQueue({
  name: "inbox-attachments",
  schema: z.object({ messageId: z.uuid() }),
  options: { retryLimit: 6, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 },
  worker: { batchSize: 4, pollingIntervalSeconds: 0.5 },
});

export const ATTACHMENT_LIMITS = {
  timeoutMs: 30_000,
} as const;

/** Where Meta serves message attachments (SECURITY A3: nothing else is fetched). */
const ATTACHMENT_HOSTS = ["fbcdn.net", "fbsbx.com", "cdninstagram.com"] as const;

/** Bytes no one should be handed from a chat (executables, scripts): never kept, even as a file. */
const NEVER_KEPT = new Set(["application/x-msdownload", "application/vnd.microsoft.portable-executable", "application/x-elf", "application/x-mach-binary", "application/x-sharedlib", "application/x-msi", "application/x-ms-shortcut", "application/x-apple-diskimage"]);
/** Images kept, with their storage file extension; everything else is stored as `.bin` (its type is in the row). */
const IMAGE_EXT: Record<string, "jpg" | "png" | "gif" | "webp"> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp" };
const IMAGE_TYPES = new Set(Object.keys(IMAGE_EXT));

/**
 * Meta's attachment types that are media, downloaded and kept (their URLs are signed and expire):
 * each with its size cap (Meta's own limits: 8 MB for images, 25 MB for audio, video and files)
 * and the types its bytes (file-type) may show. A file whose type the bytes do not show (text,
 * CSV…) is kept as `application/octet-stream`; it is only ever served as a download.
 */
export const KEPT_KINDS = {
  image: { maxBytes: 8 * 1024 * 1024, accepts: (mime: string | undefined) => mime !== undefined && IMAGE_TYPES.has(mime) },
  // Voice clips from Messenger and Instagram are AAC in an MP4 container (file-type: video/mp4).
  audio: { maxBytes: 25 * 1024 * 1024, accepts: (mime: string | undefined) => mime !== undefined && (mime.startsWith("audio/") || mime === "video/mp4" || mime === "video/webm") },
  video: { maxBytes: 25 * 1024 * 1024, accepts: (mime: string | undefined) => mime !== undefined && mime.startsWith("video/") },
  file: { maxBytes: 25 * 1024 * 1024, accepts: (mime: string | undefined) => mime === undefined || !NEVER_KEPT.has(mime) },
} as const;
export type TKeptKind = keyof typeof KEPT_KINDS;
const isKeptKind = (type: string): type is TKeptKind => Object.hasOwn(KEPT_KINDS, type);

/** An attachment's URL fit to be shown as a link: http(s) only (never `javascript:` or `data:`). */
function linkUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}

/** A file attachment's name: Messenger's file URLs end in `/<id>_n.pdf/<original name>`; else none. */
function fileNameOf(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).at(-1);
    const name = last ? decodeURIComponent(last).replace(/[\u0000-\u001f\u007f"\\/]/g, "").trim() : "";
    return name && name.includes(".") ? name.slice(0, 120) : undefined;
  } catch {
    return undefined;
  }
}

/** What a webhook's `message.attachments[]` item may look like (the old fallback shape has `title`/`url` beside `payload: null`). */
export interface TWebhookAttachment {
  type?: string;
  title?: string;
  url?: string;
  payload?: { url?: string; title?: string } | null;
}

/**
 * A webhook message's attachments as stored: image, audio, video and file are downloaded next
 * (KEPT_KINDS); the others (`fallback`, `share`, `story_mention`, `reel`, `ig_reel`, `ig_post`, and
 * any type Meta adds) point at something elsewhere and are kept as links (http(s) only).
 */
export function attachmentsFromWebhook(list: readonly TWebhookAttachment[] | undefined): TMessageAttachment[] {
  return (list ?? []).flatMap((a): TMessageAttachment[] => {
    const type = a.type ?? "file";
    const url = a.payload?.url ?? a.url;
    const title = a.payload?.title ?? a.title;
    if (isKeptKind(type)) return url ? [{ type, url, ...(type === "file" && fileNameOf(url) ? { name: fileNameOf(url) } : {}) }] : [];
    const link = linkUrl(url);
    return link ? [{ type, url: link, link: true, ...(title ? { title: title.slice(0, 200) } : {}) }] : [];
  });
}

/**
 * An attachment as the Conversations API lists it (backfill): `image_data`, `video_data` or a
 * `file_url` whose `mime_type` says audio or anything else (a file, with its `name`).
 */
export function attachmentFromConversations(a: { mime_type?: string; name?: string; image_data?: { url: string }; video_data?: { url: string }; file_url?: string }): TMessageAttachment[] {
  if (a.image_data) return [{ type: "image", url: a.image_data.url }];
  if (a.video_data) return [{ type: "video", url: a.video_data.url }];
  if (!a.file_url) return [];
  if (a.mime_type?.startsWith("audio/")) return [{ type: "audio", url: a.file_url }];
  const name = a.name?.replace(/[\u0000-\u001f\u007f"\\/]/g, "").trim().slice(0, 120) || fileNameOf(a.file_url);
  return [{ type: "file", url: a.file_url, ...(name ? { name } : {}) }];
}

/** Enqueues the download of new messages' attachments (best effort: logged when the queue is down). */
export async function requestAttachments(messageIds: readonly string[]): Promise<void> {
  for (const messageId of messageIds) {
    try {
      await enqueueJob(inboxAttachmentQueue, { messageId });
    } catch (err) {
      log.warn({ err, messageId }, "attachment download not enqueued");
    }
  }
}

/** The `inbox-attachments` job. */
export async function runAttachmentJob(database: Database, job: { messageId: string }) {
  return storeAttachments(database.db, job.messageId);
}

/**
 * Downloads a message's attachments from Meta (its URLs are signed and expire) and keeps a copy in
 * media storage: Meta's hosts only, at most 8 MB, the type judged by the bytes. A copy that
 * cannot be made for good (gone, too large, a type we do not keep) is marked unavailable; one that
 * fails for now (network, timeout, Meta 5xx or 429) throws after the others, so the job retries it.
 */
export async function storeAttachments(db: DbOrTx, messageId: string, options: { storage?: MediaStorage; client?: HttpClient } = {}): Promise<{ stored: number; unavailable: number } | null> {
  const [m] = await db.select().from(messages).where(eq(messages.id, messageId)).limit(1);
  if (!m) return null;
  const storage = options.storage ?? mediaStorage();
  let stored = 0;
  let unavailable = 0;
  let retry = false;
  const next: TMessageAttachment[] = [];
  for (const [i, a] of m.attachments.entries()) {
    if (a.key || a.unavailable || a.link) {
      next.push(a);
      continue;
    }
    if (!isKeptKind(a.type)) {
      unavailable++;
      next.push({ ...a, unavailable: "type_not_kept" });
      continue;
    }
    const kind = KEPT_KINDS[a.type];
    const got = await downloadFromHosts(a.url, { allowedHosts: ATTACHMENT_HOSTS, maxBytes: kind.maxBytes, timeoutMs: ATTACHMENT_LIMITS.timeoutMs, accept: "*/*", client: options.client });
    if (!got.ok) {
      const forNow = got.reason === "network" || got.reason === "timeout" || (got.reason === "http_status" && (got.status === 429 || (got.status ?? 0) >= 500));
      if (forNow) {
        retry = true;
        next.push(a);
      } else {
        unavailable++;
        next.push({ ...a, unavailable: got.reason });
      }
      continue;
    }
    const sniffed = (await fileTypeFromBuffer(got.bytes))?.mime;
    if (!kind.accepts(sniffed)) {
      unavailable++;
      next.push({ ...a, unavailable: "type_not_kept" });
      continue;
    }
    const mime = sniffed ?? "application/octet-stream";
    const key = `${m.organizationId}/att-${m.id}-${i}.${IMAGE_EXT[mime] ?? "bin"}`;
    await storage.put(key, got.bytes);
    stored++;
    next.push({ ...a, key, mime, size: got.bytes.length });
  }
  if (stored + unavailable > 0) {
    await db.update(messages).set({ attachments: next }).where(eq(messages.id, m.id));
    // Open Inboxes in other processes notice through the conversation's version.
    await db.update(conversations).set({ updatedAt: sql`now()` }).where(eq(conversations.id, m.conversationId));
    publishInboxChange(m.organizationId, { kind: "message", conversationId: m.conversationId });
  }
  if (retry) throw new Error("an attachment could not be downloaded yet; retrying");
  return { stored, unavailable };
}

/** The app route of a kept attachment (what the browser loads instead of Meta's URL). */
export const attachmentPath = (messageId: string, index: number) => `/api/inbox/attachments/${messageId}/${index}`;

/** An attachment as the thread shows it: the kept copy through the app's route, a link, or why not (never Meta's media URL). */
export function attachmentDto(messageId: string, index: number, a: TMessageAttachment): TAttachmentDto {
  if (a.link) return { type: a.type, url: linkUrl(a.url), state: "link", ...(a.title ? { title: a.title } : {}) };
  const file = a.type === "file" ? { name: a.name ?? "file", ...(a.size !== undefined ? { size: a.size } : {}) } : {};
  if (a.key && a.mime) return { type: a.type, url: attachmentPath(messageId, index), state: "stored", ...file };
  return { type: a.type, url: null, state: a.unavailable ? "unavailable" : "pending", ...file };
}

/** A kept attachment of one of the organization's messages: its bytes, type and (files) name. Not found otherwise (A1). */
export async function readAttachment(
  db: DbOrTx,
  organizationId: string,
  messageId: string,
  index: number,
  storage: MediaStorage = mediaStorage(),
): Promise<{ bytes: Uint8Array; mime: string; kind: string; name: string | null }> {
  const ok = /^[0-9a-f-]{36}$/i.test(messageId) && Number.isSafeInteger(index) && index >= 0;
  const [m] = ok ? await db.select({ attachments: messages.attachments }).from(messages).where(and(eq(messages.id, messageId), eq(messages.organizationId, organizationId))).limit(1) : [];
  const a = m?.attachments[index];
  const bytes = a?.key ? await storage.get(a.key) : null;
  if (!a?.mime || !bytes) fail("not_found", "No such attachment.");
  return { bytes, mime: a.mime, kind: a.type, name: a.name ?? null };
}

/**
 * How the browser may handle a kept attachment: images, audio and video shown in the page; a file
 * only ever downloaded (`attachment`), under its name made safe (ASCII fallback plus RFC 5987 UTF-8).
 */
export function contentDispositionOf(kind: string, name: string | null): string {
  if (kind === "image" || kind === "audio" || kind === "video") return "inline";
  const clean = (name ?? "attachment").replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 120) || "attachment";
  const ascii = clean.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
