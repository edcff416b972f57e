import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { connectionAvatars, type TConnectionAvatar, type TSocialConnection } from "@/db/schema";
import type { HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { downloadAvatar, type TAvatarResult } from "@/lib/media/avatar";
import { getProvider } from "@/lib/providers";

const log = childLogger({ module: "connections.avatars" });
const CONCURRENCY = 4;

/**
 * Downloads each connection's picture from its provider and keeps the small copy (at connect and
 * at every reconnect, which refreshes the account's name and picture). A failed download keeps
 * the copy we have; a connection without a picture URL loses its copy. Never throws.
 */
export async function storeConnectionAvatars(
  db: DbOrTx,
  rows: readonly Pick<TSocialConnection, "id" | "organizationId" | "platform" | "avatarUrl">[],
  options: { client?: HttpClient; timeoutMs?: number } = {},
): Promise<Map<string, TAvatarResult>> {
  const results = new Map<string, TAvatarResult>();
  const queue = [...rows];
  async function worker() {
    for (let row = queue.shift(); row; row = queue.shift()) {
      try {
        results.set(row.id, await storeOne(db, row, options));
      } catch (err) {
        log.warn({ err, connectionId: row.id }, "connection avatar not stored");
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
  return results;
}

async function storeOne(
  db: DbOrTx,
  row: Pick<TSocialConnection, "id" | "organizationId" | "platform" | "avatarUrl">,
  options: { client?: HttpClient; timeoutMs?: number },
): Promise<TAvatarResult> {
  if (!row.avatarUrl) {
    await db.delete(connectionAvatars).where(eq(connectionAvatars.connectionId, row.id));
    return { ok: false, reason: "host_not_allowed" };
  }
  const hosts = getProvider(row.platform)?.pictureHosts ?? [];
  const result = await downloadAvatar(row.avatarUrl, { allowedHosts: hosts, client: options.client, timeoutMs: options.timeoutMs });
  if (!result.ok) {
    log.warn({ connectionId: row.id, platform: row.platform, reason: result.reason, status: result.status }, "connection avatar not downloaded");
    return result;
  }
  const values = { connectionId: row.id, organizationId: row.organizationId, image: result.image, contentType: result.contentType, etag: result.etag };
  await db
    .insert(connectionAvatars)
    .values(values)
    .onConflictDoUpdate({ target: connectionAvatars.connectionId, set: { ...values, fetchedAt: new Date() } });
  return result;
}

/** A connection's stored picture, only within its organization (A1). */
export async function findConnectionAvatar(db: DbOrTx, organizationId: string, connectionId: string): Promise<TConnectionAvatar | null> {
  const [row] = await db
    .select()
    .from(connectionAvatars)
    .where(and(eq(connectionAvatars.connectionId, connectionId), eq(connectionAvatars.organizationId, organizationId)))
    .limit(1);
  return row ?? null;
}
