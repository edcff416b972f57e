import { getDb } from "@/db/client";
import { childLogger } from "@/lib/log";
import {
  completeMetaAuthorization,
  INTEGRATIONS_PATH,
  META_MESSAGING_PURPOSE,
  MetaMessagingError,
  metaMessagingLogin,
  toMetaError,
  type TMetaErrorCode,
} from "@/lib/meta-messaging";
import { isMetaErrorCode } from "@/lib/meta-messaging/errors";
import { finishOAuth, oauthRedirect, type CookieToSet } from "@/lib/oauth";
import { getOrgContext } from "@/lib/orgs/current";
import { hasRole } from "@/lib/orgs/membership";
import { clientIp, enforceRateLimit, rateLimitKey } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

const log = childLogger({ module: "meta-messaging" });

function land(query: string, cookies: CookieToSet[] = []): Response {
  // 303 to a clean URL (no code/state), no-referrer, no-store (O7).
  return oauthRedirect(`${INTEGRATIONS_PATH}${query}`, cookies);
}

const failed = (code: TMetaErrorCode, cookies: CookieToSet[] = []) => land(`?meta_error=${code}`, cookies);

/**
 * Facebook sends the browser back here. The one OAuth engine checks state, cookie, user and
 * organization and exchanges the code (then the 60-day token); we list the Pages in one call:
 * 1 → saved and subscribed, several → the picker, 0 → no_pages.
 */
export async function GET(request: Request): Promise<Response> {
  const db = getDb();
  const limited = await enforceRateLimit(db, { key: rateLimitKey.ip("meta-callback", clientIp(request.headers)), limit: 30, windowMs: 60_000 });
  if (limited) return limited;

  const ctx = await getOrgContext();
  const result = await finishOAuth(db, {
    provider: metaMessagingLogin,
    platform: "facebook",
    purpose: META_MESSAGING_PURPOSE,
    request,
    userId: ctx?.user.id ?? null,
    organizationId: ctx?.org.organizationId ?? null,
  });
  const cookies = [result.clearCookie];
  if (!result.ok) {
    const code = !ctx ? "signed_out" : isMetaErrorCode(result.code) ? result.code : "internal";
    return failed(code, cookies);
  }
  if (!ctx || !hasRole(ctx.org.role, "admin")) return failed("forbidden", cookies);

  try {
    const outcome = await completeMetaAuthorization(db, {
      organizationId: ctx.org.organizationId,
      userId: ctx.user.id,
      userAccessToken: result.token.accessToken,
    });
    if (outcome.kind === "no_pages") return failed("no_pages", cookies);
    if (outcome.kind === "select") return land("?meta_select_page=true", cookies);
    // The card shows the saved Page and whether both webhook levels are subscribed.
    return land("", cookies);
  } catch (err) {
    const mapped = toMetaError(err);
    if (mapped instanceof MetaMessagingError) return failed(mapped.code, cookies);
    log.error({ err }, "meta messaging callback failed");
    return failed("internal", cookies);
  }
}
