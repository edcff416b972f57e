import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { enforceRateLimit, pruneRateLimitBuckets, rateLimit } from "./index";

// A real database of this file's own: PostgreSQL when DATABASE_URL is set (as several app
// instances would share it), else PGlite.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.cleanup();
});

/** Unique per run, so parallel runs against one database never share a bucket. */
const key = (name: string) => `test:${name}:${randomUUID()}`;

describe("rateLimit on a real database", () => {
  it("lets `limit` requests through, then answers 429 with Retry-After", async () => {
    const k = key("sign-in");
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await rateLimit(database.db, { key: k, limit: 3, windowMs: 60_000 }));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]?.retryAfterSeconds).toBeGreaterThan(55);
    expect(results[3]?.retryAfterSeconds).toBeLessThanOrEqual(60);

    const blocked = await enforceRateLimit(database.db, { key: k, limit: 3, windowMs: 60_000 });
    expect(blocked?.status).toBe(429);
    expect(Number(blocked?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await blocked?.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });

  it("never lets more than `limit` of 50 concurrent requests through", async () => {
    const k = key("publish");
    const results = await Promise.all(
      Array.from({ length: 50 }, () => rateLimit(database.db, { key: k, limit: 10, windowMs: 60_000 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).every((r) => r.retryAfterSeconds > 0)).toBe(true);
  });

  /** Moves a bucket's window start `ms` into the past, as the database clock would after waiting. */
  async function ageBucket(k: string, ms: number) {
    await database.raw.query("update rate_limit_buckets set window_start = window_start - ($2::double precision * interval '1 millisecond') where key = $1", [k, ms]);
  }

  it("opens again once the window has passed", async () => {
    const k = key("callback");
    const opts = { key: k, limit: 1, windowMs: 400 };
    expect((await rateLimit(database.db, opts)).ok).toBe(true);
    const blocked = await rateLimit(database.db, opts);
    expect(blocked.ok).toBe(false);
    expect(blocked.retryAfterSeconds).toBe(1);
    // The window passes on the database's clock: the bucket's start moves 500 ms back (no sleep).
    await ageBucket(k, 500);
    const again = await rateLimit(database.db, opts);
    expect(again).toMatchObject({ ok: true, remaining: 0 });
  });

  it("counts each key on its own", async () => {
    const a = key("a");
    const b = key("b");
    await rateLimit(database.db, { key: a, limit: 1, windowMs: 60_000 });
    expect((await rateLimit(database.db, { key: a, limit: 1, windowMs: 60_000 })).ok).toBe(false);
    expect((await rateLimit(database.db, { key: b, limit: 1, windowMs: 60_000 })).ok).toBe(true);
  });

  it("works inside a caller's transaction", async () => {
    const k = key("tx");
    const result = await database.db.transaction((tx) => rateLimit(tx, { key: k, limit: 2, windowMs: 60_000 }));
    expect(result).toMatchObject({ ok: true, remaining: 1 });
  });

  // Pruning deletes every old bucket in the database: safe here, each test file has its own database.
  it("pruning removes only buckets whose window is long over", async () => {
    const old = key("old");
    const fresh = key("fresh");
    await rateLimit(database.db, { key: old, limit: 1, windowMs: 60_000 });
    await ageBucket(old, 300);
    await rateLimit(database.db, { key: fresh, limit: 1, windowMs: 60_000 });
    await pruneRateLimitBuckets(database.db, 200);
    // `old` starts afresh (its bucket was deleted); `fresh` is still counted.
    expect((await rateLimit(database.db, { key: old, limit: 1, windowMs: 60_000 })).ok).toBe(true);
    expect((await rateLimit(database.db, { key: fresh, limit: 1, windowMs: 60_000 })).ok).toBe(false);
  });
});
