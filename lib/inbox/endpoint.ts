import "server-only";
import type { DbOrTx } from "@/db/client";
import { childLogger } from "@/lib/log";
import { enqueueDelivery } from "./jobs";
import { MAX_WEBHOOK_BYTES, receiveMetaWebhook } from "./receive";

const log = childLogger({ module: "inbox" });

const jsonError = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });

/**
 * `POST /api/webhooks/meta`. The X-Hub-Signature-256 is checked over the raw bytes before
 * anything is parsed or stored (401, nothing stored: W1); the raw delivery is stored once and
 * answered 200 at once; the `inbox-webhook` job applies it (W3). A delivery stored while the
 * queue is unreachable is picked up by the sweep.
 */
export async function handleMetaWebhookPost(db: DbOrTx, request: Request): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_WEBHOOK_BYTES) return jsonError(413, "too_large", "The delivery is larger than any Meta webhook.");
  const rawBody = new Uint8Array(await request.arrayBuffer());
  const result = await receiveMetaWebhook(db, { rawBody, signature: request.headers.get("x-hub-signature-256") });
  if (!result.ok) {
    return result.code === "too_large"
      ? jsonError(413, "too_large", "The delivery is larger than any Meta webhook.")
      : jsonError(401, "bad_signature", "The X-Hub-Signature-256 header is missing or does not match the body.");
  }
  if (!result.duplicate) {
    try {
      await enqueueDelivery(result.deliveryId);
    } catch (err) {
      log.warn({ err, deliveryId: result.deliveryId }, "webhook stored but not enqueued; the sweep will enqueue it");
    }
  }
  return new Response("EVENT_RECEIVED", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
