/**
 * Control: simulate a person removing the app (deauthorize) or asking for data deletion.
 * Meta POSTs form field `signed_request` = b64url(HMAC-SHA256(payload segment, app secret)).b64url(payload)
 * to the app's callback; removal also invalidates the person's tokens.
 */
import { createHmac } from "node:crypto";
import { FACEBOOK_APP } from "../../core/apps";
import { json } from "../../core/http";
import type { Route } from "../../core/types";
import { FB } from "./fixtures";

export function signedRequest(payload: Record<string, unknown>, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const sig = createHmac("sha256", secret).update(body).digest("base64url");
  return `${sig}.${body}`;
}

export const deauthorizeControl: Route = {
  method: "POST",
  host: "__sandbox",
  path: "/meta/deauthorize",
  handler: async (req, ctx) => {
    const input = (req.json ?? Object.fromEntries(req.form)) as { userId?: string; callbackUrl?: string; kind?: string };
    const user = FB.user(String(input.userId ?? ""));
    if (!user) return json({ error: `Unknown Facebook userId "${input.userId}"` }, 400);
    if (!input.callbackUrl) return json({ error: "callbackUrl is required (the app's deauthorize or data-deletion URL)" }, 400);
    const kind = input.kind === "data_deletion" ? "data_deletion" : "deauthorize";
    const now = Math.floor(ctx.clock.now() / 1000);
    const revoked = kind === "deauthorize" ? ctx.oauth.revokeWhere((t) => t.provider === "facebook" && t.clientId === FACEBOOK_APP.clientId && t.userId === user.id) : 0;
    const signed = signedRequest({ algorithm: "HMAC-SHA256", expires: now + 3600, issued_at: now, user_id: user.id }, FACEBOOK_APP.clientSecret);
    try {
      const res = await fetch(input.callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ signed_request: signed }).toString(),
        signal: AbortSignal.timeout(15_000),
      });
      const text = (await res.text()).slice(0, 1000);
      return json({ kind, delivered: res.ok, status: res.status, responseBody: text, revokedTokens: revoked, signedRequest: signed });
    } catch (err) {
      return json({ kind, delivered: false, reason: (err as Error).message, revokedTokens: revoked, signedRequest: signed });
    }
  },
};
