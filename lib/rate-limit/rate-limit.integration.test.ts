import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, openPostgres, type Database } from "@/db/client";
import { migrate } from "@/db/migrate";
import { enforceRateLimit, pruneRateLimitBuckets, rateLimit } from "./index";

// A real database: PostgreSQL when DATABASE_URL is set (several app instances share it), else PGlite.
let database: Database;

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  database = url ? openPostgres(url) : openPglite();
  try {
    await migrate(database);
  } catch (error) {
    console.warn(`migrations failed (${String(error)}); creating rate_limit_buckets directly`);
    // A shared test database may hold an older migration history; this test only needs its table.
    await database.raw.exec(`CREATE TABLE IF NOT EXISTS "rate_limit_buckets" (
      "key" text PRIMARY KEY NOT NULL,
      "window_start" timestamp with time zone NOT NULL,
      "count" integer NOT NULL
    )`);
  }
});

afterAll(async () => {
  await database?.raw.close();
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

  it("opens again once the window has passed", async () => {
    const k = key("callback");
    const opts = { key: k, limit: 1, windowMs: 400 };
    expect((await rateLimit(database.db, opts)).ok).toBe(true);
    const blocked = await rateLimit(database.db, opts);
    expect(blocked.ok).toBe(false);
    expect(blocked.retryAfterSeconds).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
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

  // Pruning deletes every old bucket in the database, so it runs only on this test's own PGlite.
  it.skipIf(Boolean(process.env.DATABASE_URL))("pruning removes only buckets whose window is long over", async () => {
    const old = key("old");
    const fresh = key("fresh");
    await rateLimit(database.db, { key: old, limit: 1, windowMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300));
    await rateLimit(database.db, { key: fresh, limit: 1, windowMs: 60_000 });
    await pruneRateLimitBuckets(database.db, 200);
    // `old` starts afresh (its bucket was deleted); `fresh` is still counted.
    expect((await rateLimit(database.db, { key: old, limit: 1, windowMs: 60_000 })).ok).toBe(true);
    expect((await rateLimit(database.db, { key: fresh, limit: 1, windowMs: 60_000 })).ok).toBe(false);
  });
});
