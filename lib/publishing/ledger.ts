import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerRequests, type TSocialConnection } from "@/db/schema";
import { PLATFORM_CATALOG } from "@/lib/providers/catalog";
import { threadParts } from "@/lib/providers/thread";
import type { ProviderCatalog } from "@/lib/providers/types";

export const POST_REQUEST = "post";
const DAY_MS = 86_400_000;

/** The connection's posts-per-24-hours cap: its own setting (paid tiers) or the platform's default. */
export function postLimitOf(connection: Pick<TSocialConnection, "platform" | "postsPer24h">): number | undefined {
  const meta = (PLATFORM_CATALOG as Record<string, ProviderCatalog>)[connection.platform];
  return connection.postsPer24h ?? meta?.limits.postsPer24h;
}

/**
 * How many counted posts a text makes on this platform: each post of a thread counts toward X's
 * 24-hour limit. `done` are parts already sent (and counted) by an earlier attempt.
 */
export function postsNeeded(platform: string, text: string, done = 0): number {
  const meta = (PLATFORM_CATALOG as Record<string, ProviderCatalog>)[platform];
  const parts = meta?.threads ? threadParts(text).length : 1;
  return Math.max(0, parts - done);
}

export interface TPostQuota {
  limit: number;
  used: number;
  /** When `needed` more posts may go out (null while there is room; never when `needed` exceeds the limit). */
  nextSlotAt: Date | null;
}

/** How many of the rolling 24 hours' posts this connection used, and when room for `needed` more opens. */
export async function postQuota(db: DbOrTx, connection: Pick<TSocialConnection, "id" | "platform" | "postsPer24h">, now = new Date(), needed = 1): Promise<TPostQuota | null> {
  const limit = postLimitOf(connection);
  if (limit === undefined) return null;
  const since = new Date(now.getTime() - DAY_MS);
  const rows = await db
    .select({ at: providerRequests.at })
    .from(providerRequests)
    .where(and(eq(providerRequests.connectionId, connection.id), eq(providerRequests.kind, POST_REQUEST), gt(providerRequests.at, since)))
    .orderBy(asc(providerRequests.at));
  const used = rows.length;
  if (used + needed <= limit) return { limit, used, nextSlotAt: null };
  // Room opens when enough of the oldest counted posts leave the window.
  const freeing = rows[used + needed - limit - 1];
  return { limit, used, nextSlotAt: freeing ? new Date(freeing.at.getTime() + DAY_MS) : null };
}

/** Records counted requests (X counts failed ones too): one per post of a thread. */
export async function recordPostRequest(db: DbOrTx, connectionId: string, targetId: string, count = 1): Promise<void> {
  if (count <= 0) return;
  await db.insert(providerRequests).values(Array.from({ length: count }, () => ({ connectionId, kind: POST_REQUEST, targetId, at: sql`now()` })));
}
