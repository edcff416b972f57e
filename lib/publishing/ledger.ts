import "server-only";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerRequests, type TSocialConnection } from "@/db/schema";
import { PLATFORM_CATALOG } from "@/lib/providers/catalog";
import type { ProviderCatalog } from "@/lib/providers/types";

export const POST_REQUEST = "post";
const DAY_MS = 86_400_000;

/** The connection's posts-per-24-hours cap: its own setting (paid tiers) or the platform's default. */
export function postLimitOf(connection: Pick<TSocialConnection, "platform" | "postsPer24h">): number | undefined {
  const meta = (PLATFORM_CATALOG as Record<string, ProviderCatalog>)[connection.platform];
  return connection.postsPer24h ?? meta?.limits.postsPer24h;
}

export interface TPostQuota {
  limit: number;
  used: number;
  /** When the next post may go out (null while there is room). */
  nextSlotAt: Date | null;
}

/** How many of the rolling 24 hours' posts this connection used, and when the next slot opens. */
export async function postQuota(db: DbOrTx, connection: Pick<TSocialConnection, "id" | "platform" | "postsPer24h">, now = new Date()): Promise<TPostQuota | null> {
  const limit = postLimitOf(connection);
  if (limit === undefined) return null;
  const since = new Date(now.getTime() - DAY_MS);
  const rows = await db
    .select({ at: providerRequests.at })
    .from(providerRequests)
    .where(and(eq(providerRequests.connectionId, connection.id), eq(providerRequests.kind, POST_REQUEST), gt(providerRequests.at, since)))
    .orderBy(asc(providerRequests.at));
  const used = rows.length;
  if (used < limit) return { limit, used, nextSlotAt: null };
  // The slot frees when the oldest request that keeps us at the limit leaves the window.
  const freeing = rows[used - limit]!.at;
  return { limit, used, nextSlotAt: new Date(freeing.getTime() + DAY_MS) };
}

/** Records one counted request (X counts failed ones too). */
export async function recordPostRequest(db: DbOrTx, connectionId: string, targetId: string): Promise<void> {
  await db.insert(providerRequests).values({ connectionId, kind: POST_REQUEST, targetId, at: sql`now()` });
}
