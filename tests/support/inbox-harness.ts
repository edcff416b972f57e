/** For inbox integration tests: workers on the test database and our real webhook handler behind the sandbox's callback. */
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { conversations, inboxBackfills, messages, webhookDeliveries, type TWebhookDelivery } from "@/db/schema";
import { startWorkers } from "@/lib/jobs";
import { connectMeta, useMetaTestEnv, type MetaTestEnv, type TPerson } from "./meta-messaging-harness";
import { stopWorkers } from "./jobs";

export interface InboxTestEnv extends MetaTestEnv {
  boss: PgBoss;
}

/** useMetaTestEnv (whose webhook server is the app's real route on the test database) plus running workers. */
export function useInboxTestEnv(): InboxTestEnv {
  const t = useMetaTestEnv() as InboxTestEnv;
  beforeAll(async () => {
    t.boss = await startWorkers(t.tdb, { pollingIntervalSeconds: 0.5, schedule: false });
  });
  afterAll(async () => {
    // Graceful: a handler still running (a retried delivery) must finish before the database
    // closes, or its completion write fails after the file with "PGlite is closed".
    await stopWorkers(t.boss);
  });
  beforeEach(async () => {
    await t.tdb.db.delete(messages);
    await t.tdb.db.delete(conversations);
    await t.tdb.db.delete(webhookDeliveries);
    await t.tdb.db.delete(inboxBackfills);
  });
  return t;
}

/**
 * Links Maya's (or another user's) Page for `who` and waits for the history import that linking
 * starts: the backfill reads the sandbox's conversations, which include what a test's webhook
 * sends next, so a test that counts what the webhook stored must not race it.
 */
export async function linkPage(t: InboxTestEnv, user: string, who: TPerson) {
  const linked = await connectMeta(t.tdb.db, user, who);
  await eventually(async () => {
    const running = await t.tdb.db
      .select({ id: inboxBackfills.id })
      .from(inboxBackfills)
      .where(and(eq(inboxBackfills.organizationId, who.orgId), eq(inboxBackfills.status, "running")));
    return running.length === 0;
  }, "the link's history import to finish");
  return linked;
}

/** Polls until `check` returns a value (the job runs in the background); fails after 20 s. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what = "condition"): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every stored delivery, once all are processed. */
export async function processedDeliveries(t: InboxTestEnv, count: number): Promise<TWebhookDelivery[]> {
  return eventually(async () => {
    const rows = await t.tdb.db.select().from(webhookDeliveries);
    return rows.length >= count && rows.every((r) => r.status === "processed") ? rows : undefined;
  }, `${count} processed deliveries`);
}

export async function messageCount(t: InboxTestEnv): Promise<number> {
  const [r] = await t.tdb.db.select({ n: sql<number>`count(*)::int` }).from(messages);
  return r!.n;
}

export async function conversationOf(t: InboxTestEnv, participantId: string) {
  const [c] = await t.tdb.db.select().from(conversations).where(eq(conversations.participantId, participantId));
  return c;
}
