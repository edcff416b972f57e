import "server-only";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { providerRequests, socialConnections, type TSocialConnection } from "@/db/schema";
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

export const ZPostLimitInput = z.object({
  connectionId: z.uuid("Unknown connection."),
  /** Empty = the platform's default (X's free tier: 17). */
  postsPer24h: z.preprocess(
    (v) => (v === "" || v === undefined ? null : v),
    z.coerce.number("Enter a whole number.").int("Enter a whole number.").min(1, "At least 1 post.").max(10_000, "At most 10,000 posts.").nullable(),
  ),
});

/**
 * Sets a connection's posts-per-24-hours cap (a paid X tier allows more); null = the platform's
 * default. Only connections of this organization on a platform that has such a limit. Answers the
 * connection's effective limit, or null when there is no such connection.
 */
export async function setPostLimit(db: DbOrTx, organizationId: string, input: z.output<typeof ZPostLimitInput>): Promise<number | null> {
  const limited = Object.values(PLATFORM_CATALOG as Record<string, ProviderCatalog>)
    .filter((c) => c.limits.postsPer24h !== undefined)
    .map((c) => c.platform);
  const [row] = await db
    .update(socialConnections)
    .set({ postsPer24h: input.postsPer24h, updatedAt: sql`now()` })
    .where(and(eq(socialConnections.id, input.connectionId), eq(socialConnections.organizationId, organizationId), inArray(socialConnections.platform, limited)))
    .returning();
  return row ? (postLimitOf(row) ?? null) : null;
}

/** Records counted requests (X counts failed ones too): one per post of a thread. */
export async function recordPostRequest(db: DbOrTx, connectionId: string, targetId: string, count = 1): Promise<void> {
  if (count <= 0) return;
  await db.insert(providerRequests).values(Array.from({ length: count }, () => ({ connectionId, kind: POST_REQUEST, targetId, at: sql`now()` })));
}
