import { lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimitBuckets } from "@/db/schema/rate-limits";

export interface RateLimitOptions {
  /** Who and what is limited, e.g. `rateLimitKey.ip("sign-in", ip)`. */
  key: string;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  /** False once `limit` requests were counted in the current window. */
  ok: boolean;
  limit: number;
  remaining: number;
  /** 0 when ok; otherwise whole seconds until the window resets (at least 1). */
  retryAfterSeconds: number;
  resetAt: Date;
}

const { key: keyCol, windowStart, count } = rateLimitBuckets;

/**
 * Counts one request against `key` in a fixed window and says whether it may proceed.
 * One atomic statement in PostgreSQL, so every app instance shares the same counters and
 * concurrent requests never let more than `limit` through. Time is the database's clock.
 */
export async function rateLimit(db: DbOrTx, { key, limit, windowMs }: RateLimitOptions): Promise<RateLimitResult> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("rateLimit: limit must be a positive integer");
  if (!(windowMs > 0)) throw new RangeError("rateLimit: windowMs must be positive");

  // statement_timestamp(), not now(): a caller's long transaction must not freeze the clock.
  const window = sql`(${windowMs}::double precision * interval '1 millisecond')`;
  const expired = sql`${windowStart} <= statement_timestamp() - ${window}`;
  const [row] = await db
    .insert(rateLimitBuckets)
    .values({ key, windowStart: sql`statement_timestamp()`, count: 1 })
    .onConflictDoUpdate({
      target: keyCol,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${count} + 1 END`,
        windowStart: sql`CASE WHEN ${expired} THEN statement_timestamp() ELSE ${windowStart} END`,
      },
    })
    .returning({
      count,
      windowStart,
      now: sql<Date>`statement_timestamp()`.mapWith(windowStart),
    });
  if (!row) throw new Error("rateLimit: the upsert returned no row");

  const resetAt = new Date(row.windowStart.getTime() + windowMs);
  const ok = row.count <= limit;
  const untilReset = Math.max(0, resetAt.getTime() - row.now.getTime());
  return {
    ok,
    limit,
    remaining: Math.max(0, limit - row.count),
    retryAfterSeconds: ok ? 0 : Math.max(1, Math.ceil(untilReset / 1000)),
    resetAt,
  };
}

/** Deletes buckets whose window started more than `olderThanMs` ago (run from a periodic job). */
export async function pruneRateLimitBuckets(db: DbOrTx, olderThanMs: number = 24 * 60 * 60 * 1000): Promise<void> {
  await db
    .delete(rateLimitBuckets)
    .where(lt(windowStart, sql`statement_timestamp() - (${olderThanMs}::double precision * interval '1 millisecond')`));
}
