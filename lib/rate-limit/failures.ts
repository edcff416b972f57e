import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimitBuckets } from "@/db/schema/rate-limits";

/**
 * A throttle that counts only failures (a wrong password, not a sign-in) and answers with a
 * growing delay instead of a lock: the first `free` failures cost nothing, then each further
 * attempt waits `baseDelayMs · 2^(failures − free)` after the last failure, at most
 * `maxDelayMs`. A key forgets its failures `forgetAfterMs` after the last one. Stored in the rate
 * limit table (`window_start` = the last failure), so every app instance shares it; the time is
 * the database's clock.
 */
export interface FailurePolicy {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

export type ThrottleResult = { ok: true } | { ok: false; retryAfterSeconds: number };

const { key: keyCol, windowStart: lastFailure, count: failures } = rateLimitBuckets;

/** The wait after `count` failures under `policy` (0 while free). */
export function failureDelayMs(count: number, policy: FailurePolicy): number {
  if (count < policy.free) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (count - policy.free));
}

/** May an attempt run now under every one of `keys`? Otherwise the longest wait among them. */
export async function checkFailureThrottle(db: DbOrTx, keys: { key: string; policy: FailurePolicy }[]): Promise<ThrottleResult> {
  if (keys.length === 0) return { ok: true };
  const rows = await db
    .select({ key: keyCol, failures, lastFailure, now: sql<Date>`statement_timestamp()`.mapWith(lastFailure) })
    .from(rateLimitBuckets)
    .where(inArray(keyCol, keys.map((k) => k.key)));
  let waitMs = 0;
  for (const row of rows) {
    const { policy } = keys.find((k) => k.key === row.key)!;
    const since = row.now.getTime() - row.lastFailure.getTime();
    if (since >= policy.forgetAfterMs) continue;
    waitMs = Math.max(waitMs, failureDelayMs(row.failures, policy) - since);
  }
  return waitMs > 0 ? { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : { ok: true };
}

/** Counts one failure under each key (a key idle for `forgetAfterMs` starts again at 1). */
export async function recordFailure(db: DbOrTx, keys: { key: string; policy: FailurePolicy }[]): Promise<void> {
  for (const { key, policy } of keys) {
    const forgotten = sql`${lastFailure} <= statement_timestamp() - (${policy.forgetAfterMs}::double precision * interval '1 millisecond')`;
    await db
      .insert(rateLimitBuckets)
      .values({ key, windowStart: sql`statement_timestamp()`, count: 1 })
      .onConflictDoUpdate({
        target: keyCol,
        set: { count: sql`CASE WHEN ${forgotten} THEN 1 ELSE ${failures} + 1 END`, windowStart: sql`statement_timestamp()` },
      });
  }
}

/** Forgets the failures under `keys` (after a success). */
export async function clearFailures(db: DbOrTx, keys: string[]): Promise<void> {
  if (keys.length) await db.delete(rateLimitBuckets).where(inArray(keyCol, keys));
}
