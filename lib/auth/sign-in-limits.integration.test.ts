import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { like, sql } from "drizzle-orm";
import { rateLimitBuckets } from "@/db/schema/rate-limits";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { failureDelayMs } from "@/lib/rate-limit/failures";
import { beginSignInAttempt, SIGN_IN_POLICIES, signInAborted, signInFailed, signInSucceeded, signInWaitMessage } from "./sign-in-limits";

// The password sign-in throttle on a real database (SECURITY A5): only failures count, keyed
// on email + client address, with a much higher per-email ceiling and a growing delay.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.cleanup();
});

let n = 0;
const emailOf = () => `target-${++n}@example.com`;
/** Would an attempt run now? (Asks, then takes the attempt back.) */
async function check(email: string, ip: string) {
  const r = await beginSignInAttempt(database.db, email, ip);
  if (r.ok) await signInAborted(database.db, email, ip);
  return r;
}
/** One wrong password. */
async function failFrom(email: string, ip: string) {
  expect((await beginSignInAttempt(database.db, email, ip)).ok).toBe(true);
  await signInFailed(database.db, email, ip);
}
/** Moves every failure of `email` `ms` into the past, as if the time had passed. */
const age = (email: string, ms: number) =>
  database.db
    .update(rateLimitBuckets)
    .set({ windowStart: sql`${rateLimitBuckets.windowStart} - (${ms}::double precision * interval '1 millisecond')` })
    .where(like(rateLimitBuckets.key, `%${email}%`));

describe("password sign-in throttle", () => {
  it("ten wrong passwords from ten addresses do not stop the right one from a clean address", async () => {
    const email = emailOf();
    for (let i = 1; i <= 10; i++) await failFrom(email, `203.0.113.${i}`);
    expect(await check(email, "198.51.100.7")).toEqual({ ok: true });
    // Nor from one of those addresses, which failed only once.
    expect(await check(email, "203.0.113.3")).toEqual({ ok: true });
  });

  it("after five failures from one address, waits grow (30 s, 1 min, 2 min) instead of locking", async () => {
    const email = emailOf();
    const ip = "192.0.2.10";
    for (let i = 0; i < 5; i++) {
      expect((await check(email, ip)).ok).toBe(true);
      await failFrom(email, ip);
    }
    expect(await check(email, ip)).toEqual({ ok: false, retryAfterSeconds: 30 });
    // Other addresses are not held up.
    expect(await check(email, "192.0.2.11")).toEqual({ ok: true });
    await age(email, 30_000);
    expect(await check(email, ip)).toEqual({ ok: true });
    await failFrom(email, ip);
    expect(await check(email, ip)).toEqual({ ok: false, retryAfterSeconds: 60 });
    await age(email, 60_000);
    await failFrom(email, ip);
    expect(await check(email, ip)).toEqual({ ok: false, retryAfterSeconds: 120 });
    await age(email, 120_000);
    expect(await check(email, ip)).toEqual({ ok: true });
  });

  it("a success clears the count of that email and address", async () => {
    const email = emailOf();
    const ip = "192.0.2.20";
    for (let i = 0; i < 5; i++) await failFrom(email, ip);
    expect((await check(email, ip)).ok).toBe(false);
    // (The right password now waits too; after the wait, it signs in and clears the count.)
    await age(email, 30_000);
    expect((await beginSignInAttempt(database.db, email, ip)).ok).toBe(true);
    await signInSucceeded(database.db, email, ip);
    for (let i = 0; i < 4; i++) await failFrom(email, ip);
    expect(await check(email, ip)).toEqual({ ok: true });
  });

  it("failures are forgotten an hour after the last one", async () => {
    const email = emailOf();
    const ip = "192.0.2.30";
    for (let i = 0; i < 5; i++) await failFrom(email, ip);
    expect((await check(email, ip)).ok).toBe(false);
    await age(email, SIGN_IN_POLICIES.emailAndAddress.forgetAfterMs);
    expect(await check(email, ip)).toEqual({ ok: true });
    await failFrom(email, ip);
    expect(await check(email, ip)).toEqual({ ok: true });
  });

  it("has a much higher per-email ceiling: fifty failures from fifty addresses slow every address down", async () => {
    const email = emailOf();
    for (let i = 1; i <= 49; i++) await failFrom(email, `10.1.0.${i}`);
    expect(await check(email, "10.2.0.1")).toEqual({ ok: true });
    await failFrom(email, "10.1.0.50");
    expect(await check(email, "10.2.0.1")).toEqual({ ok: false, retryAfterSeconds: 30 });
  });

  it("counts one address over many emails (credential stuffing)", async () => {
    const ip = "192.0.2.40";
    for (let i = 0; i < SIGN_IN_POLICIES.address.free; i++) await failFrom(`stuffed-${i}-${emailOf()}`, ip);
    expect(await check(emailOf(), ip)).toEqual({ ok: false, retryAfterSeconds: 30 });
  });

  it("a burst of parallel attempts gets only the free ones through", async () => {
    const email = emailOf();
    const results = await Promise.all(Array.from({ length: 20 }, () => beginSignInAttempt(database.db, email, "192.0.2.50")));
    expect(results.filter((r) => r.ok)).toHaveLength(SIGN_IN_POLICIES.emailAndAddress.free);
    for (const r of results) if (!r.ok) expect(r.retryAfterSeconds).toBeGreaterThan(0);
    // Nothing refused stays counted: after the wait, the next attempt runs.
    await age(email, 30_000);
    expect(await check(email, "192.0.2.50")).toEqual({ ok: true });
  });

  it("never waits more than 15 minutes, and says how long", () => {
    expect(failureDelayMs(4, SIGN_IN_POLICIES.emailAndAddress)).toBe(0);
    expect(failureDelayMs(5, SIGN_IN_POLICIES.emailAndAddress)).toBe(30_000);
    expect(failureDelayMs(40, SIGN_IN_POLICIES.emailAndAddress)).toBe(15 * 60_000);
    expect(signInWaitMessage(4)).toBe("Too many failed sign-ins. Wait 4 seconds and try again.");
    expect(signInWaitMessage(900)).toBe("Too many failed sign-ins. Wait 15 minutes and try again.");
  });
});
