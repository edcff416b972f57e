import "server-only";
import type { DbOrTx } from "@/db/client";
import { env } from "@/lib/env";
import { requestDrain } from "./jobs";
import { MAX_WEBHOOK_BYTES, storeDelivery } from "./receive";
import { verifyMetaSignature, type TWebhookApp } from "./signature";

/** Which of our Meta apps signed this body (X-Hub-Signature-256), or null: the route's `signature` check. */
export function metaWebhookApp(rawBody: string, request: Request): TWebhookApp | null {
  const e = env();
  return verifyMetaSignature(Buffer.from(rawBody, "utf8"), request.headers.get("x-hub-signature-256"), [
    { app: "facebook", secret: e.FACEBOOK_APP_SECRET },
    { app: "instagram", secret: e.INSTAGRAM_APP_SECRET },
  ]);
}

/**
 * A verified delivery (`POST /api/webhooks/meta` after its signature check): the raw body is
 * stored once (one insert) and answered 200 at once; a drain job, asked for without waiting and
 * shared by every delivery of the next moments, applies it (W3). One stored while the queue is
 * unreachable is picked up by the sweep.
 */
export async function acceptMetaDelivery(db: DbOrTx, rawBody: string, app: TWebhookApp): Promise<Response> {
  if (Buffer.byteLength(rawBody) > MAX_WEBHOOK_BYTES) {
    return Response.json({ error: { code: "invalid_input", message: "The delivery is larger than any Meta webhook." } }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  if (await storeDelivery(db, rawBody, app)) requestDrain();
  return new Response("EVENT_RECEIVED", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
