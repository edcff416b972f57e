import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type PgBoss from "pg-boss";
import { eq, sql } from "drizzle-orm";
import { authSessions, emailOutbox, invitations, organizations } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { emailQueue, sweepEmailOutbox } from "@/lib/notifications/email";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { waitForJob, stopWorkers } from "@/tests/support/jobs";
import { enqueueJob } from "./enqueue";
import { expirySweepQueue } from "./expiry-sweep";
import { ensureQueues, QUEUES, startWorkers, WORKERS } from "./index";
import { InvalidJobPayloadError, isQueue, sendJob, type TQueue } from "./queue";

// Every log line of this file through the app's own logger, to read what a malformed job leaves.
const logLines = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/log", async (importOriginal) => {
  const mod = await importOriginal<typeof import("@/lib/log")>();
  const logger = mod.createLogger({ level: "info", destination: { write: (line: string) => void logLines.push(line) } });
  return { ...mod, logger, childLogger: (bindings: Record<string, unknown>) => logger.child(bindings) };
});

let database: TestDatabase;
let boss: PgBoss;

beforeAll(async () => {
  database = await createTestDatabase();
  boss = await startWorkers(database, { pollingIntervalSeconds: 0.5, schedule: false });
});

afterAll(async () => {
  await stopWorkers(boss);
  await database?.cleanup();
});

const jobsOf = async (queue: string, key?: string) =>
  (await database.raw.query<{ id: string; state: string }>(`select id, state from pgboss.job where name = $1 and ($2::text is null or singleton_key = $2)`, [queue, key ?? null])).rows;

describe("background jobs on the app's database", () => {
  it("an enqueued expiry sweep runs in a worker and removes ended sessions and dead invitations", async () => {
    const { db } = database;
    const user = await createUserWithPersonalOrg(db, { name: "Ada", email: "ada@example.com", passwordHash: null });
    const [org] = await db.select().from(organizations);
    const [live] = await db
      .insert(authSessions)
      .values({ userId: user.id, expiresAt: sql`now() + interval '1 day'`, claimedAt: sql`now()` })
      .returning();
    await db.insert(authSessions).values({ userId: user.id, expiresAt: sql`now() - interval '1 minute'` });
    await db.insert(invitations).values({
      organizationId: org!.id,
      email: "bob@example.com",
      role: "member",
      tokenHash: "expired",
      expiresAt: sql`now() - interval '1 minute'`,
    });

    const jobId = await sendJob(boss, expirySweepQueue, {});
    expect(await waitForJob(boss, expirySweepQueue.name, jobId)).toBe("completed");

    const sessions = await db.select({ id: authSessions.id }).from(authSessions);
    expect(sessions).toEqual([{ id: live!.id }]);
    expect(await db.select().from(invitations).where(eq(invitations.tokenHash, "expired"))).toHaveLength(0);
  });
});

describe("typed queue definitions", () => {
  it("a payload its queue's schema refuses is refused at send: an error naming the queue and the field, and no job", async () => {
    const before = (await jobsOf(emailQueue.name)).length;
    const refused = await enqueueJob(emailQueue, { id: "not-a-uuid" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidJobPayloadError);
    expect((refused as Error).message).toMatch(/queue email-send is invalid: id: /);
    // @ts-expect-error — the payload's type comes from the schema: a missing field does not compile either.
    await expect(sendJob(boss, emailQueue, {})).rejects.toBeInstanceOf(InvalidJobPayloadError);
    expect(await jobsOf(emailQueue.name)).toHaveLength(before);
  });

  it("a malformed job already on the queue fails alone, at once and for good, with a clear log; the worker goes on", async () => {
    const [bad, good, after] = [randomUUID(), randomUUID(), randomUUID()];
    // Around enqueueJob (as an older version or a hand-made insert would), so nothing checked it.
    // (Each with its own key: under `short`, jobs without one share the empty key, one at a time.)
    await boss.insert([
      { id: bad, name: emailQueue.name, data: { id: "not-a-uuid" }, singletonKey: bad },
      { id: good, name: emailQueue.name, data: { id: randomUUID() }, singletonKey: good },
    ]);
    expect(await waitForJob(boss, emailQueue.name, bad)).toBe("failed");
    // No outbox row by that id: the handler ran and found nothing to send.
    expect(await waitForJob(boss, emailQueue.name, good)).toBe("completed");
    const failed = await boss.getJobById(emailQueue.name, bad);
    // The queue retries 5 times; a malformed payload would be malformed on every retry.
    expect(failed?.retryCount).toBe(0);
    expect(failed?.output).toMatchObject({ message: "malformed payload for queue email-send" });
    const line = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.jobId === bad);
    expect(line).toMatchObject({ level: 50, queue: "email-send", msg: "malformed payload for queue email-send", issues: [expect.objectContaining({ path: ["id"] })] });
    // The same worker takes the next job.
    await boss.insert([{ id: after, name: emailQueue.name, data: { id: randomUUID() }, singletonKey: after }]);
    expect(await waitForJob(boss, emailQueue.name, after)).toBe("completed");
  });

  it("email-send de-duplicates by email: the outbox sweep asking again while its job waits adds no second job", async () => {
    const id = randomUUID();
    await database.db.insert(emailOutbox).values({ id, to: "ada@example.com", message: "sealed", createdAt: sql`now() - interval '4 minutes'` });
    const waiting = await sendJob(boss, emailQueue, { id }, { startAfter: new Date(Date.now() + 3_600_000) });
    expect(waiting).not.toBeNull();
    expect((await sweepEmailOutbox(database.db)).requeued).toBe(1);
    expect(await sendJob(boss, emailQueue, { id })).toBeNull();
    expect(await jobsOf(emailQueue.name, id)).toEqual([{ id: waiting, state: "created" }]);
  });

  it("a queue's policy and options follow its definition on a database created before it changed", async () => {
    await boss.updateQueue(emailQueue.name, { name: emailQueue.name, policy: "standard", retryLimit: 1 });
    await ensureQueues(boss);
    expect(await boss.getQueue(emailQueue.name)).toMatchObject({ policy: "short", retryLimit: 5, retryDelay: 20, retryBackoff: true, expireInSeconds: 120 });
  });

  it("every queue defined anywhere under lib/ is registered with a worker, once", async () => {
    const root = path.resolve(import.meta.dirname, "..");
    const files = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && f !== path.join("jobs", "queue.ts"))
      .filter((f) => readFileSync(path.join(root, f), "utf8").includes("defineQueue("));
    const defined: TQueue[] = [];
    for (const f of files) {
      const mod = (await import(/* @vite-ignore */ path.join(root, f))) as Record<string, unknown>;
      defined.push(...Object.values(mod).filter(isQueue));
    }
    expect(files.length).toBeGreaterThan(5);
    const names = defined.map((q) => q.name).sort();
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...QUEUES.keys()].sort());
    for (const q of defined) expect(QUEUES.get(q.name)).toBe(q);
    expect(QUEUES.size).toBe(WORKERS.length);
  });
});
