import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { defineQueue, ZScheduledPayload } from "@/lib/jobs/queue";
import { childLogger } from "@/lib/log";
import { requestAttachments } from "./attachments";
import { notifyNewMessages } from "./notify";
import { drainDeliveries } from "./process";
import { requestProfiles } from "./profile";
import { stalePendingCount } from "./receive";

const log = childLogger({ module: "inbox" });

/**
 * Inbox (issue 13): the signed Meta webhook deliveries the route stored raw, applied in batches.
 * One drain at a time (`singleton`, one key for all: one running); those enqueued meanwhile run
 * after it and find little or nothing left. Not `stately`: its one-job-per-state rule makes a
 * second failing drain unable to move to `retry`, leaving it active (blocking every drain) until it
 * expires. A failed drain (a delivery that could not be applied) is retried with backoff for ~1 h;
 * past that the sweep starts another, so none is lost.
 */
export const inboxDrainQueue = defineQueue({
  name: "inbox-drain",
  schema: z.object({}).strict(),
  policy: "singleton",
  singletonKey: () => "drain",
  options: { retryLimit: 12, retryDelay: 1, retryBackoff: true, expireInSeconds: 300 },
  worker: { pollingIntervalSeconds: 0.5 },
});

/** Every minute: deliveries whose drain was lost or gave up get another. */
export const inboxWebhookSweepQueue = defineQueue({ name: "inbox-webhook-sweep", schema: ZScheduledPayload, cron: "* * * * *" });

/** How long the route's drain requests are gathered into one job (200 deliveries a second → ≤ 20 sends). */
const DRAIN_DEBOUNCE_MS = 50;

const globalForDrain = globalThis as unknown as { __switchboardInboxDrain?: ReturnType<typeof setTimeout> };

/** Enqueues a drain of the pending deliveries (a no-op while one already waits). */
export async function enqueueDrain(): Promise<void> {
  await enqueueJob(inboxDrainQueue, {});
}

/**
 * Asks for a drain soon, without waiting: the webhook route's answer never waits on the queue.
 * Requests within DRAIN_DEBOUNCE_MS become one job. One that cannot be enqueued (the queue is
 * down) leaves its delivery pending, and the sweep enqueues a drain for it.
 */
export function requestDrain(): void {
  if (globalForDrain.__switchboardInboxDrain) return;
  globalForDrain.__switchboardInboxDrain = setTimeout(() => {
    globalForDrain.__switchboardInboxDrain = undefined;
    enqueueDrain().catch((err: unknown) => log.warn({ err }, "webhook drain not enqueued; the sweep will enqueue it"));
  }, DRAIN_DEBOUNCE_MS);
}

/**
 * The `inbox-drain` job: applies every pending delivery in batches, then asks for the profiles of
 * people not known yet and the attachments of new messages, and notifies the conversations that
 * had nothing unread. Fails (and is retried) when a delivery could not be applied.
 */
export async function runDrainJob(database: Database) {
  const result = await drainDeliveries(database.db);
  await requestProfiles(result.newConversations);
  await requestAttachments(result.withAttachments);
  const notified = await notifyNewMessages(database.db, result.arrivals);
  const { newConversations, withAttachments, arrivals: _arrivals, ...summary } = result;
  if (result.failed > 0) throw new Error(`${result.failed} webhook deliveries could not be applied; retrying`);
  return { ...summary, newConversations: newConversations.length, withAttachments: withAttachments.length, notified };
}

/**
 * Every minute: deliveries still pending after two minutes (their drain failed all its retries,
 * or was never enqueued because the queue was down) get a drain. A delivery is never lost.
 */
export async function runWebhookSweep(database: Database) {
  const stale = await stalePendingCount(database.db, 120_000);
  if (stale > 0) {
    await enqueueDrain();
    log.warn({ count: stale }, "webhook deliveries still pending; drain enqueued");
  }
  return { stale };
}
