import { timingSafeEqual } from "node:crypto";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { clientIp, enforceRateLimit, rateLimitKey } from "@/lib/rate-limit";
import { route } from "@/lib/api/route";
import { acceptMetaDelivery, metaWebhookApp } from "@/lib/inbox/endpoint";

export const dynamic = "force-dynamic";

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Meta's verification handshake (when an app subscription is created or updated): echo
 * `hub.challenge` when `hub.verify_token` is ours, 403 otherwise (W2).
 */
export async function GET(request: Request): Promise<Response> {
  const limited = await enforceRateLimit(getDb(), { key: rateLimitKey.ip("meta-webhook-verify", clientIp(request.headers)), limit: 60, windowMs: 60_000 });
  if (limited) return limited;
  const params = new URL(request.url).searchParams;
  const expected = env().META_WEBHOOK_VERIFY_TOKEN;
  const mode = params.get("hub.mode");
  const token = params.get("hub.verify_token") ?? "";
  const challenge = params.get("hub.challenge") ?? "";
  if (!expected || mode !== "subscribe" || !sameSecret(token, expected) || challenge.length > 256) {
    return new Response("Forbidden", { status: 403, headers: { "Cache-Control": "no-store" } });
  }
  return new Response(challenge, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/**
 * Messenger and Instagram events (issue 13): the X-Hub-Signature-256 is checked over the raw
 * body before anything is parsed or stored (401 `bad_signature`, nothing stored: W1); the raw
 * delivery is stored once and answered 200 at once; a job applies it.
 */
export const POST = route({ auth: "signature", verify: (rawBody, request) => metaWebhookApp(rawBody, request) !== null }, async (_input, who, { request }) =>
  acceptMetaDelivery(getDb(), who.rawBody, metaWebhookApp(who.rawBody, request)!),
);
