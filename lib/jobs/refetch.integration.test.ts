import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { publishQueue } from "@/lib/publishing/queue";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { stopWorkers } from "@/tests/support/jobs";
import { enqueueJob } from "./enqueue";
import { startWorkers } from "./index";

// Ten minutes between polls: within this file's waits, a worker fetches only when woken
// (enqueueJob) or when the rule under test sends a loop that got a full batch to fetch again.
const POLL_SECONDS = 600;

let database: TestDatabase;
let boss: PgBoss;

beforeAll(async () => {
  database = await createTestDatabase();
  boss = await startWorkers(database, { pollingIntervalSeconds: POLL_SECONDS, schedule: false });
});

afterAll(async () => {
  await stopWorkers(boss);
  await database?.cleanup();
});

const completed = async () =>
  (await database.raw.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and state = 'completed'`, [publishQueue.name])).rows[0]!.n;

describe("a worker's fetch loop", () => {
  it("a full batch fetches again at once: 100 publish jobs drain after a single wake-up, with no polling pause between batches", async () => {
    const { batchSize = 1, loops = 1 } = publishQueue.worker;
    // More than every fetch that could happen without the rule: each loop's first fetch at start
    // and the one wake-up below, each taking at most a batch.
    const total = 100;
    expect(total).toBeGreaterThan((loops + 1) * batchSize);
    const organizationId = randomUUID();
    // Jobs for targets that do not exist: each completes at once (`not_found`).
    await boss.insert(
      Array.from({ length: total - 1 }, () => {
        const targetId = randomUUID();
        return { name: publishQueue.name, data: { targetId, organizationId }, singletonKey: targetId };
      }),
    );
    // The wake-up: enqueueJob notifies this process's worker once.
    await enqueueJob(publishQueue, { targetId: randomUUID(), organizationId });
    // A generous wait, far below the ten-minute pause that would otherwise hold the rest.
    const deadline = Date.now() + 20_000;
    let done = await completed();
    while (done < total && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      done = await completed();
    }
    expect(done).toBe(total);
  });
});
