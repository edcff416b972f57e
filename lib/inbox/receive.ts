import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries } from "@/db/schema";
import type { TWebhookApp } from "./signature";

/** Meta's deliveries are small; anything bigger is not from Meta. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * Stores a verified delivery's raw body once: a byte-identical redelivery (Meta retries for up
 * to 36 h) of the same app finds its row (W3).
 */
export async function storeDelivery(db: DbOrTx, rawBody: string, app: TWebhookApp): Promise<{ deliveryId: string; duplicate: boolean }> {
  // Per app: the same bytes signed by the other app are another delivery.
  const bodyHash = createHash("sha256").update(app).update("\n").update(rawBody).digest("hex");
  const [inserted] = await db.insert(webhookDeliveries).values({ app, bodyHash, body: rawBody }).onConflictDoNothing().returning({ id: webhookDeliveries.id });
  if (inserted) return { deliveryId: inserted.id, duplicate: false };
  const [existing] = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.bodyHash, bodyHash)).limit(1);
  return { deliveryId: existing!.id, duplicate: true };
}

/** Deliveries still pending after `olderThanMs` (their job was lost or gave up): the sweep enqueues them again. */
export async function stalePendingDeliveries(db: DbOrTx, olderThanMs: number, limit = 500): Promise<string[]> {
  const rows = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, "pending"), lt(webhookDeliveries.receivedAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`)))
    .orderBy(asc(webhookDeliveries.receivedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
