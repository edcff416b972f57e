import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimitBuckets } from "@/db/schema/rate-limits";

/**
 * A throttle that counts only failures (a wrong password, not a sign-in) and answers with a
 * growing delay instead of a lock: the first `free` failures cost nothing, then each further
 * attempt waits `baseDelayMs · 2^(failures − free)` after the last failure, at most
 * `maxDelayMs`. A key forgets its failures `forgetAfterMs` after the last one. Stored in the rate
 * limit table (`count` = failures, `window_start` = the last failure), so every app instance
 * shares it; the time is the database's clock.
 *
 * An attempt is reserved before it runs (one atomic statement per key), so a burst of parallel
 * attempts cannot all slip through on a count nobody has raised yet: each sees the ones before
 * it. Then it ends as a failure (`confirmFailure`) or a success (`releaseAttempt`).
 *
 * Every write is one statement per key, each locking a single row: a single UPDATE over several
 * keys holds the rows it has updated while it waits for the next, and two writers racing over the
 * same keys deadlocked (seen in CI as 40P01 on a burst of parallel sign-ins). So pass `db`, not a
 * transaction that would hold each row until it ends.
 */
export interface FailurePolicy {
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

export type ThrottleKey = { key: string; policy: FailurePolicy };
export type ThrottleResult = { ok: true } | { ok: false; retryAfterSeconds: number };

const { key: keyCol, windowStart: lastFailure, count: failures } = rateLimitBuckets;

/** The wait after `count` failures under `policy` (0 while free). */
export function failureDelayMs(count: number, policy: FailurePolicy): number {
  if (count < policy.free) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (count - policy.free));
}

const ms = (value: number) => sql`(${value}::double precision * interval '1 millisecond')`;

/**
 * Counts an attempt under every key, atomically, and says whether it may run now. When any key
 * says wait, nothing stays counted and the answer is the longest wait.
 */
export async function reserveAttempt(db: DbOrTx, keys: ThrottleKey[]): Promise<ThrottleResult> {
  let waitMs = 0;
  for (const { key, policy } of keys) {
    const forgotten = sql`${lastFailure} <= statement_timestamp() - ${ms(policy.forgetAfterMs)}`;
    const [row] = await db
      .insert(rateLimitBuckets)
      .values({ key, windowStart: sql`statement_timestamp()`, count: 1 })
      .onConflictDoUpdate({
        target: keyCol,
        set: {
          count: sql`CASE WHEN ${forgotten} THEN 1 ELSE ${failures} + 1 END`,
          windowStart: sql`CASE WHEN ${forgotten} THEN statement_timestamp() ELSE ${lastFailure} END`,
        },
      })
      .returning({ failures, lastFailure, now: sql<Date>`statement_timestamp()`.mapWith(lastFailure) });
    if (!row) throw new Error("reserveAttempt: the upsert returned no row");
    // The failures (and attempts in flight) before this one.
    const before = row.failures - 1;
    const since = row.now.getTime() - row.lastFailure.getTime();
    waitMs = Math.max(waitMs, failureDelayMs(before, policy) - since);
  }
  if (waitMs <= 0) return { ok: true };
  await releaseAttempt(db, keys);
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** The reserved attempt failed: it stays counted, and the delay runs from now. */
export async function confirmFailure(db: DbOrTx, keys: ThrottleKey[]): Promise<void> {
  for (const { key } of keys) await db.update(rateLimitBuckets).set({ windowStart: sql`statement_timestamp()` }).where(eq(keyCol, key));
}

/** The reserved attempt did not fail (or was refused): it is no longer counted. */
export async function releaseAttempt(db: DbOrTx, keys: ThrottleKey[]): Promise<void> {
  for (const { key } of keys) await db.update(rateLimitBuckets).set({ count: sql`greatest(${failures} - 1, 0)` }).where(eq(keyCol, key));
}

/** Forgets the failures under `keys` (after a success). */
export async function clearFailures(db: DbOrTx, keys: string[]): Promise<void> {
  for (const key of keys) await db.delete(rateLimitBuckets).where(eq(keyCol, key));
}
