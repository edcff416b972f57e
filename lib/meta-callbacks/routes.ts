import "server-only";
import { z } from "zod";
import { getDb } from "@/db/client";
import { route } from "@/lib/api/route";
import { deauthorize, deleteMetaUserData, verifyFor, type TMetaApp } from "./callbacks";

const ZForm = z.object({ signed_request: z.string().min(1).max(8192) });

function signedBy(app: TMetaApp) {
  return (rawBody: string) => verifyFor(app, new URLSearchParams(rawBody).get("signed_request")).ok;
}

function userIdOf(app: TMetaApp, signedRequest: string): string {
  const verified = verifyFor(app, signedRequest);
  if (!verified.ok) throw new Error("signed_request verified once, then not");
  return verified.payload.user_id;
}

const limit = { scope: "meta-callbacks", limit: 120, windowMs: 60_000 };

/**
 * Meta's deauthorize callback for one app (SECURITY W5): the form's signed_request must verify
 * with the app secret (HMAC-SHA256, constant time, `algorithm: HMAC-SHA256`) or it is refused
 * with 401 `bad_signature` and nothing changes.
 */
export function deauthorizeRoute(app: TMetaApp) {
  return route({ auth: "signature", verify: signedBy(app), schema: ZForm, rateLimit: limit }, async (input) => {
    await deauthorize(getDb(), app, userIdOf(app, input.signed_request));
    return { received: true };
  });
}

/** Meta's data-deletion callback for one app: deletes, then answers `{url, confirmation_code}`. */
export function dataDeletionRoute(app: TMetaApp) {
  return route({ auth: "signature", verify: signedBy(app), schema: ZForm, rateLimit: limit }, async (input) => {
    const result = await deleteMetaUserData(getDb(), app, userIdOf(app, input.signed_request));
    return { url: result.url, confirmation_code: result.confirmationCode };
  });
}
