import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import { rateLimitBuckets } from "@/db/schema/rate-limits";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { clearFailures, confirmFailure, releaseAttempt, reserveAttempt, type FailurePolicy, type ThrottleKey } from "./failures";

// Writers racing over the same keys on PostgreSQL (row locks need real concurrent connections).

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ engine: "postgres" });
});
afterAll(async () => {
  await database?.cleanup();
});

const policy: FailurePolicy = { free: 5, baseDelayMs: 30_000, maxDelayMs: 900_000, forgetAfterMs: 3_600_000 };

/** Resolves once some session waits for a row lock on the buckets. */
async function someoneWaitsForALock() {
  for (let i = 0; i < 200; i++) {
    const { rows } = await database.raw.query(
      "select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    if (rows.length) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("nobody waited for a lock");
}

type Writer = (keys: ThrottleKey[]) => Promise<void>;
const writers: [string, Writer, (a: string, b: string) => { key: string; count: number }[]][] = [
  ["releaseAttempt", (keys) => releaseAttempt(database.db, keys), (a, b) => [{ key: a, count: 11 }, { key: b, count: 1 }]],
  ["confirmFailure", (keys) => confirmFailure(database.db, keys), (a, b) => [{ key: a, count: 12 }, { key: b, count: 2 }]],
  ["clearFailures", (keys) => clearFailures(database.db, keys.map((k) => k.key)), () => []],
];

describe("the failure throttle under concurrent writers", () => {
  it.each(writers)("%s never holds one key's row while it waits for another's (the deadlock CI met)", async (name, write, expected) => {
    const [a, b] = [`${name}:a`, `${name}:b`].map((key) => ({ key, policy }));
    expect(await reserveAttempt(database.db, [a!, b!])).toEqual({ ok: true });
    expect(await reserveAttempt(database.db, [a!, b!])).toEqual({ ok: true });

    // Another writer holds b, then wants a: the write must not be holding a by then.
    let written: Promise<void> | undefined;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from ${rateLimitBuckets} where ${rateLimitBuckets.key} = ${b!.key} for update`);
      written = write([a!, b!]);
      await someoneWaitsForALock();
      await tx.update(rateLimitBuckets).set({ count: sql`${rateLimitBuckets.count} + 10` }).where(eq(rateLimitBuckets.key, a!.key));
    });
    await written;

    const rows = await database.db
      .select({ key: rateLimitBuckets.key, count: rateLimitBuckets.count })
      .from(rateLimitBuckets)
      .where(inArray(rateLimitBuckets.key, [a!.key, b!.key]))
      .orderBy(rateLimitBuckets.key);
    expect(rows).toEqual(expected(a!.key, b!.key));
  });
});
