import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Meta's `signed_request` (deauthorize and data-deletion callbacks): `<b64url(sig)>.<b64url(payload)>`,
 * sig = HMAC-SHA256(payload segment, app secret). Verified in constant time; the payload must say
 * `algorithm: "HMAC-SHA256"` and name a `user_id`. Anything else is refused.
 */
const ZPayload = z.object({
  algorithm: z.string(),
  user_id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d{1,32}$/)),
  issued_at: z.number().optional(),
  expires: z.number().optional(),
});
export type TSignedRequest = z.infer<typeof ZPayload>;

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

export type TVerifyResult = { ok: true; payload: TSignedRequest } | { ok: false; reason: "malformed" | "bad_signature" | "algorithm" };

export function verifySignedRequest(signedRequest: string, appSecret: string): TVerifyResult {
  if (signedRequest.length > 8192) return { ok: false, reason: "malformed" };
  const dot = signedRequest.indexOf(".");
  if (dot <= 0) return { ok: false, reason: "malformed" };
  const sigPart = signedRequest.slice(0, dot);
  const payloadPart = signedRequest.slice(dot + 1);
  if (!B64URL.test(sigPart) || !B64URL.test(payloadPart)) return { ok: false, reason: "malformed" };
  const given = Buffer.from(sigPart, "base64url");
  const expected = createHmac("sha256", appSecret).update(payloadPart).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const payload = ZPayload.safeParse(json);
  if (!payload.success) return { ok: false, reason: "malformed" };
  if (payload.data.algorithm.toUpperCase() !== "HMAC-SHA256") return { ok: false, reason: "algorithm" };
  return { ok: true, payload: payload.data };
}

/** Builds a signed_request as Meta does (tests, the sandbox). */
export function signRequest(payload: Record<string, unknown>, appSecret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const sig = createHmac("sha256", appSecret).update(body).digest("base64url");
  return `${sig}.${body}`;
}
