import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import type PgBoss from "pg-boss";
import { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { conversations, messages, type TMessageAttachment } from "@/db/schema";
import { fail } from "@/lib/action-errors";
import type { HttpClient } from "@/lib/http";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { childLogger } from "@/lib/log";
import { downloadFromHosts } from "@/lib/media/avatar";
import { mediaStorage, type MediaStorage } from "@/lib/media/storage";
import { publishInboxChange } from "./live";

const log = childLogger({ module: "inbox" });

export const INBOX_ATTACHMENT_QUEUE = "inbox-attachments";

/** Meta down or slow: retried with backoff (30 s, 1 min, 2 min…) for about half an hour. Meta's URLs last days. */
export const INBOX_ATTACHMENT_QUEUE_OPTIONS = { retryLimit: 6, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 } satisfies Omit<PgBoss.Queue, "name">;

export const ATTACHMENT_LIMITS = {
  /** Images are what is kept; Meta's messaging image limit is 8 MB (its 25 MB applies to video and files). */
  maxBytes: 8 * 1024 * 1024,
  timeoutMs: 30_000,
} as const;

/** Where Meta serves message attachments (SECURITY A3: nothing else is fetched). */
const ATTACHMENT_HOSTS = ["fbcdn.net", "fbsbx.com", "cdninstagram.com"] as const;

/** What is kept, by the type its bytes show (file-type), and the file name's extension in storage. */
const KEPT_TYPES: Record<string, "jpg" | "png" | "gif" | "webp"> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp" };

/** Enqueues the download of new messages' attachments (best effort: logged when the queue is down). */
export async function requestAttachments(messageIds: readonly string[]): Promise<void> {
  for (const messageId of messageIds) {
    try {
      await enqueueJob(INBOX_ATTACHMENT_QUEUE, { messageId });
    } catch (err) {
      log.warn({ err, messageId }, "attachment download not enqueued");
    }
  }
}

const ZAttachmentJob = z.object({ messageId: z.uuid() });

/** The `inbox-attachments` job. */
export async function runAttachmentJob(database: Database, data: unknown) {
  return storeAttachments(database.db, ZAttachmentJob.parse(data).messageId);
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
    if (a.key || a.unavailable) {
      next.push(a);
      continue;
    }
    const got = await downloadFromHosts(a.url, { allowedHosts: ATTACHMENT_HOSTS, maxBytes: ATTACHMENT_LIMITS.maxBytes, timeoutMs: ATTACHMENT_LIMITS.timeoutMs, accept: "*/*", client: options.client });
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
    const type = await fileTypeFromBuffer(got.bytes);
    const ext = type ? KEPT_TYPES[type.mime] : undefined;
    if (!type || !ext) {
      unavailable++;
      next.push({ ...a, unavailable: "type_not_kept" });
      continue;
    }
    const key = `${m.organizationId}/att-${m.id}-${i}.${ext}`;
    await storage.put(key, got.bytes);
    stored++;
    next.push({ ...a, key, mime: type.mime });
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

/** A kept attachment of one of the organization's messages: its bytes and type. Not found otherwise (A1). */
export async function readAttachment(db: DbOrTx, organizationId: string, messageId: string, index: number, storage: MediaStorage = mediaStorage()): Promise<{ bytes: Uint8Array; mime: string }> {
  const ok = /^[0-9a-f-]{36}$/i.test(messageId) && Number.isSafeInteger(index) && index >= 0;
  const [m] = ok ? await db.select({ attachments: messages.attachments }).from(messages).where(and(eq(messages.id, messageId), eq(messages.organizationId, organizationId))).limit(1) : [];
  const a = m?.attachments[index];
  const bytes = a?.key ? await storage.get(a.key) : null;
  if (!a?.mime || !bytes) fail("not_found", "No such attachment.");
  return { bytes, mime: a.mime };
}
