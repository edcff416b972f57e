import "server-only";
import type { DbOrTx } from "@/db/client";
import { beginOAuth, failureCodeOf, oauthRedirect, type CookieToSet } from "@/lib/oauth";
import { finishCallback, type TCallbackCaller } from "@/lib/oauth/callback";
import { describeFailure, OAuthFailure } from "@/lib/oauth/failures";
import { noticePage } from "@/lib/oauth/notice";
import { hasRole } from "@/lib/orgs/membership";
import { getProvider } from "@/lib/providers";
import { rateLimit, rateLimitHeaders, rateLimitKey } from "@/lib/rate-limit";
import { failureLocation } from "./connect-purpose";
import { findConnection } from "./queries";
import { removeAppHooksOf } from "./remove-app";

/** Who is calling: the signed-in user in their current organization. */
export type TConnectSession = TCallbackCaller;

const CONNECT_LIMIT = { limit: 30, windowMs: 10 * 60_000 };

const BACK = { href: "/connections", label: "Back to Connections" };

/** GET /api/social/[platform]/connect — signed in, owner/admin, rate limited; 303 to the provider. */
export async function startConnect(db: DbOrTx, request: Request, session: TConnectSession | null, platform: string): Promise<Response> {
  const url = new URL(request.url);
  const provider = getProvider(platform);
  if (!provider) return oauthRedirect(failureLocation("unknown_platform", "unknown"));
  if (!session) return oauthRedirect(`/sign-in?returnTo=${encodeURIComponent("/connections")}`);
  if (!hasRole(session.role, "admin")) {
    const f = describeFailure("forbidden");
    return noticePage(403, { title: f.title, message: `${f.message} ${f.nextStep}` }, { back: BACK });
  }
  const limited = await rateLimit(db, { key: rateLimitKey.user("connect", session.userId), ...CONNECT_LIMIT });
  if (!limited.ok) {
    const f = describeFailure("rate_limited");
    return noticePage(429, { title: f.title, message: `${f.message} ${f.nextStep}` }, { back: BACK, headers: rateLimitHeaders(limited) });
  }
  // Telegram connects with a form on the Connections page, not a redirect.
  if (provider.kind === "bot") return oauthRedirect(`/connections?connect=${platform}`);

  // Removing the app from a provider is never started by a GET (a cross-site link could start it):
  // only by the confirmed POST of the Disconnect dialog (`beginRemoveApp`).
  if (url.searchParams.has("intent")) return oauthRedirect(failureLocation("unknown_platform", platform));
  const extra: Record<string, unknown> = {};
  const reconnect = url.searchParams.get("reconnect");
  if (reconnect && /^[0-9a-f-]{36}$/i.test(reconnect)) {
    const row = await findConnection(db, session.organizationId, reconnect);
    if (row && row.platform === platform) extra.reconnect = { id: row.id, providerAccountId: row.providerAccountId };
  }
  try {
    const { redirectUrl, setCookie } = await beginOAuth(db, {
      provider,
      platform,
      purpose: "connect",
      target: url.searchParams.get("target"),
      userId: session.userId,
      organizationId: session.organizationId,
      returnTo: url.searchParams.get("returnTo"),
      extra,
    });
    return oauthRedirect(redirectUrl, [setCookie]);
  } catch (err) {
    return oauthRedirect(failureLocation(failureCodeOf(err, platform), platform));
  }
}

/**
 * "Remove Switchboard from <platform>" (the Disconnect dialog's confirmed POST, a server action):
 * a login with the fewest scopes whose callback (purpose `facebook_remove_app`) removes the app
 * from the person's account. The purpose is kept in the flow record and its cookie, never read
 * back from the callback's query.
 */
export async function beginRemoveApp(db: DbOrTx, session: TConnectSession, platform: string): Promise<{ redirectUrl: string; setCookie: CookieToSet }> {
  const hooks = removeAppHooksOf(platform);
  if (!hooks) throw new OAuthFailure("unknown_platform", `${platform} has no remove-app login`);
  return beginOAuth(db, {
    provider: hooks.login,
    platform,
    purpose: "facebook_remove_app",
    target: null,
    userId: session.userId,
    organizationId: session.organizationId,
    returnTo: "/connections",
  });
}

/**
 * GET /api/social/[platform]/callback — the callback pipeline (lib/oauth/callback.ts) for the two
 * purposes that come back here: a creator connect (`connect-purpose.ts`) and "Remove Switchboard"
 * (`remove-app.ts`). Always a 303 to a clean URL with no-referrer and no-store (O7), clearing the
 * flow cookie.
 */
export async function finishConnect(db: DbOrTx, request: Request, session: TConnectSession | null, platform: string): Promise<Response> {
  return finishCallback(db, { request, platform, caller: session, purposes: ["connect", "facebook_remove_app"] });
}
