import "server-only";
import { createHash } from "node:crypto";
import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries } from "@/db/schema";
import { env } from "@/lib/env";
import { verifyMetaSignature, type TWebhookApp } from "./signature";

/** Meta's deliveries are small; anything bigger is not from Meta. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type TReceiveResult =
  | { ok: false; code: "bad_signature" | "too_large" }
  | { ok: true; deliveryId: string; app: TWebhookApp; duplicate: boolean };

/**
 * A Meta webhook POST: the signature is checked over the raw bytes before anything is parsed or
 * stored (W1); then the raw body is stored once (a byte-identical redelivery of the same app
 * finds its row, W3).
 * Processing happens later, in the `inbox-webhook` job.
 */
export async function receiveMetaWebhook(db: DbOrTx, input: { rawBody: Uint8Array; signature: string | null }): Promise<TReceiveResult> {
  if (input.rawBody.byteLength > MAX_WEBHOOK_BYTES) return { ok: false, code: "too_large" };
  const e = env();
  const app = verifyMetaSignature(input.rawBody, input.signature, [
    { app: "facebook", secret: e.FACEBOOK_APP_SECRET },
    { app: "instagram", secret: e.INSTAGRAM_APP_SECRET },
  ]);
  if (!app) return { ok: false, code: "bad_signature" };
  // Per app: the same bytes signed by the other app are another delivery.
  const bodyHash = createHash("sha256").update(app).update("\n").update(input.rawBody).digest("hex");
  const body = Buffer.from(input.rawBody).toString("utf8");
  const [inserted] = await db.insert(webhookDeliveries).values({ app, bodyHash, body }).onConflictDoNothing().returning({ id: webhookDeliveries.id });
  if (inserted) return { ok: true, deliveryId: inserted.id, app, duplicate: false };
  const [existing] = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.bodyHash, bodyHash)).limit(1);
  return { ok: true, deliveryId: existing!.id, app, duplicate: true };
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
