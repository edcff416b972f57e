import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { childLogger } from "@/lib/log";
import { processDelivery } from "./process";
import { fetchConversationProfile } from "./profile";
import { stalePendingDeliveries } from "./receive";

const log = childLogger({ module: "inbox" });

export const INBOX_WEBHOOK_QUEUE = "inbox-webhook";

/** Enqueues the processing of a stored delivery (singleton per delivery: a retry POST does not double it). */
export async function enqueueDelivery(deliveryId: string): Promise<void> {
  await enqueueJob(INBOX_WEBHOOK_QUEUE, { deliveryId }, { singletonKey: deliveryId });
}

const ZWebhookJob = z.object({ deliveryId: z.uuid() });

/** The `inbox-webhook` job: apply the delivery, then fetch the profiles of new conversations. */
export async function runWebhookJob(database: Database, data: unknown) {
  const { deliveryId } = ZWebhookJob.parse(data);
  const result = await processDelivery(database.db, deliveryId);
  for (const id of result?.newConversations ?? []) await fetchConversationProfile(database.db, id);
  return result && { stored: result.stored, duplicates: result.duplicates, receipts: result.receipts, dropped: result.dropped };
}

/**
 * Every minute: deliveries still pending after two minutes (their job failed all its retries, or
 * was never enqueued because the queue was down) are enqueued again. A delivery is never lost.
 */
export async function runWebhookSweep(database: Database) {
  const ids = await stalePendingDeliveries(database.db, 120_000);
  for (const id of ids) await enqueueDelivery(id);
  if (ids.length > 0) log.warn({ count: ids.length }, "re-enqueued pending webhook deliveries");
  return { requeued: ids.length };
}
