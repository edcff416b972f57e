import "server-only";
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries } from "@/db/schema";
import type { TWebhookApp } from "./signature";

/** Meta's deliveries are small; anything bigger is not from Meta. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * Stores a verified delivery's raw body once, in one statement: a byte-identical redelivery (Meta
 * retries for up to 36 h) of the same app finds its row (W3). Returns whether it was new.
 */
export async function storeDelivery(db: DbOrTx, rawBody: string, app: TWebhookApp): Promise<boolean> {
  // Per app: the same bytes signed by the other app are another delivery.
  const bodyHash = createHash("sha256").update(app).update("\n").update(rawBody).digest("hex");
  const inserted = await preparedInsert(db).execute({ app, bodyHash, body: rawBody });
  return inserted.length > 0;
}

const insertDelivery = (db: DbOrTx) =>
  db
    .insert(webhookDeliveries)
    .values({ app: sql.placeholder("app"), bodyHash: sql.placeholder("bodyHash"), body: sql.placeholder("body") })
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id })
    .prepare("inbox_store_delivery");

const prepared = new WeakMap<DbOrTx, ReturnType<typeof insertDelivery>>();

/**
 * The route's one statement, built once per database handle: building it per request cost more
 * CPU than running it (measured 1.35 ms against 0.54 ms a request under load).
 */
function preparedInsert(db: DbOrTx): ReturnType<typeof insertDelivery> {
  let p = prepared.get(db);
  if (!p) prepared.set(db, (p = insertDelivery(db)));
  return p;
}

/** How many deliveries are still pending after `olderThanMs` (their drain was lost or gave up). */
export async function stalePendingCount(db: DbOrTx, olderThanMs: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, "pending"), lt(webhookDeliveries.receivedAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`)));
  return row!.n;
}
