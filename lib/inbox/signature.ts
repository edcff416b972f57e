import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

export type TWebhookApp = "facebook" | "instagram";

/**
 * Which of our apps signed this body: `X-Hub-Signature-256: sha256=<hex>` must equal
 * HMAC-SHA256(raw body, app secret), compared in constant time (SECURITY W1). The Facebook app
 * signs Page and Instagram-via-Page events; the Instagram app signs Instagram Login events.
 * Null when the header is missing, malformed or matches no secret.
 */
export function verifyMetaSignature(rawBody: Uint8Array, header: string | null, secrets: ReadonlyArray<{ app: TWebhookApp; secret: string | undefined }>): TWebhookApp | null {
  if (!header) return null;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return null;
  const given = Buffer.from(m[1]!.toLowerCase(), "hex");
  let match: TWebhookApp | null = null;
  // Every secret is checked (no early exit), so timing does not tell which app matched.
  for (const { app, secret } of secrets) {
    if (!secret) continue;
    const expected = createHmac("sha256", secret).update(rawBody).digest();
    if (timingSafeEqual(expected, given) && match === null) match = app;
  }
  return match;
}

/** `sha256=<hex>` for a body (tests, benchmarks and the sandbox sign the same way). */
export function signMetaBody(rawBody: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}
