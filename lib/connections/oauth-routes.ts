import "server-only";
import type { DbOrTx } from "@/db/client";
import type { TMembershipRole } from "@/db/schema";
import { childLogger } from "@/lib/log";
import { beginOAuth, failureCodeOf, finishOAuth, oauthRedirect, type CookieToSet } from "@/lib/oauth";
import { describeFailure, OAuthFailure, type OAuthFailureCode } from "@/lib/oauth/failures";
import { hasRole } from "@/lib/orgs/membership";
import { getProvider } from "@/lib/providers";
import { facebookRemoveAppLogin } from "@/lib/providers/facebook/provider";
import { clientIp, rateLimit, rateLimitHeaders, rateLimitKey } from "@/lib/rate-limit";
import { sealRemovedAppFlash } from "./flash";
import { createPendingSelection } from "./pending";
import { findConnection } from "./queries";
import { removeAppFromFacebook, REMOVE_APP_INTENT, type RemoveAppResult } from "./remove-app";
import { storeConnectionAvatars } from "./avatars";
import { upsertConnections } from "./store";

const log = childLogger({ module: "connections" });

/** Who is calling: the signed-in user in their current organization. */
export interface TConnectSession {
  userId: string;
  organizationId: string;
  role: TMembershipRole;
}

const CONNECT_LIMIT = { limit: 30, windowMs: 10 * 60_000 };
const CALLBACK_LIMIT = { limit: 300, windowMs: 10 * 60_000 };

/** Where a failure lands: the Connections page with an Alert naming what happened and what to do. */
export function failureLocation(code: OAuthFailureCode, platform: string, extra: { missingScopes?: string[]; target?: string } = {}): string {
  const q = new URLSearchParams({ error: code, platform });
  if (extra.target && extra.target !== "personal") q.set("target", extra.target);
  if (extra.missingScopes?.length) q.set("missing", extra.missingScopes.join(" "));
  return `/connections?${q.toString()}`;
}

function successLocation(returnTo: string, platform: string, count: number): string {
  const url = new URL(returnTo, "http://switchboard.invalid");
  url.searchParams.set("connected", platform);
  url.searchParams.set("count", String(count));
  return `${url.pathname}${url.search}`;
}

/** After "Remove Switchboard from Facebook": the Connections page says what was removed and what to check (sealed, never plain text). */
export async function removedAppLocation(organizationId: string, result: RemoveAppResult): Promise<string> {
  const q = new URLSearchParams({ removed_app: "facebook", flash: await sealRemovedAppFlash(organizationId, result) });
  return `/connections?${q.toString()}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A small standalone page for answers that are not redirects (403, 429). */
function page(status: number, title: string, message: string, headers: Record<string, string> = {}): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Switchboard</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>body{font-family:system-ui,sans-serif;background:#fafafa;color:#18181b;display:grid;place-items:center;min-height:100vh;margin:0}main{max-width:28rem;background:#fff;border:1px solid #e4e4e7;border-radius:12px;padding:24px}a{color:#4f46e5}</style></head>
<body><main><h1 style="font-size:18px">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/connections">Back to Connections</a></p></main></body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", ...headers },
  });
}

/** GET /api/social/[platform]/connect — signed in, owner/admin, rate limited; 303 to the provider. */
export async function startConnect(db: DbOrTx, request: Request, session: TConnectSession | null, platform: string): Promise<Response> {
  const url = new URL(request.url);
  const provider = getProvider(platform);
  if (!provider) return oauthRedirect(failureLocation("unknown_platform", "unknown"));
  if (!session) return oauthRedirect(`/sign-in?returnTo=${encodeURIComponent("/connections")}`);
  if (!hasRole(session.role, "admin")) {
    const f = describeFailure("forbidden");
    return page(403, f.title, `${f.message} ${f.nextStep}`);
  }
  const limited = await rateLimit(db, { key: rateLimitKey.user("connect", session.userId), ...CONNECT_LIMIT });
  if (!limited.ok) {
    const f = describeFailure("rate_limited");
    return page(429, f.title, `${f.message} ${f.nextStep}`, rateLimitHeaders(limited));
  }
  // Telegram connects with a form on the Connections page, not a redirect.
  if (provider.kind === "bot") return oauthRedirect(`/connections?connect=${platform}`);

  // Removing the app from Facebook is never started by a GET (a cross-site link could start it):
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
 * "Remove Switchboard from Facebook" (the Disconnect dialog's confirmed POST, a server action): a
 * public_profile login whose callback removes the app from the person's Facebook account. The
 * intent is kept in the flow record, never read back from the callback's query.
 */
export async function beginRemoveApp(db: DbOrTx, session: TConnectSession): Promise<{ redirectUrl: string; setCookie: CookieToSet }> {
  return beginOAuth(db, {
    provider: facebookRemoveAppLogin,
    platform: "facebook",
    purpose: "connect",
    target: null,
    userId: session.userId,
    organizationId: session.organizationId,
    returnTo: "/connections",
    extra: { intent: REMOVE_APP_INTENT },
  });
}

/**
 * GET /api/social/[platform]/callback — consumes the flow, exchanges the code, lists accounts:
 * one → saved; several → the picker; none → a failure page. Always a 303 to a clean URL with
 * no-referrer and no-store (O7), clearing the flow cookie.
 */
export async function finishConnect(db: DbOrTx, request: Request, session: TConnectSession | null, platform: string): Promise<Response> {
  const provider = getProvider(platform);
  if (!provider || provider.kind !== "oauth2") return oauthRedirect(failureLocation("unknown_platform", "unknown"));
  const limited = await rateLimit(db, { key: rateLimitKey.ip("oauth-callback", clientIp(request.headers)), ...CALLBACK_LIMIT });
  if (!limited.ok) return oauthRedirect(failureLocation("rate_limited", platform));

  const result = await finishOAuth(db, {
    provider,
    platform,
    purpose: "connect",
    request,
    userId: session?.userId ?? null,
    organizationId: session?.organizationId ?? null,
  });
  const cookies: CookieToSet[] = [result.clearCookie];
  if (!result.ok) {
    const code = !session && result.code === "session_mismatch" ? "signed_out" : result.code;
    return oauthRedirect(failureLocation(code, platform, { missingScopes: result.missingScopes, target: result.flow?.target }), cookies);
  }
  // finishOAuth has compared the flow's user and organization with this session.
  const s = session!;
  const { flow, token, ctx } = result;
  if (flow.extra.intent === REMOVE_APP_INTENT && platform === "facebook") {
    try {
      const removed = await removeAppFromFacebook(db, { organizationId: s.organizationId, userToken: token.accessToken, credentials: ctx.credentials });
      return oauthRedirect(await removedAppLocation(s.organizationId, removed), cookies);
    } catch (err) {
      // No connection was deleted. A failed me?fields=id or DELETE me/permissions (a ProviderError /
      // HttpError) leaves the app on the person's Facebook account: provider_unavailable. Anything
      // else (e.g. the database after a successful DELETE) is internal.
      log.warn({ platform, err }, "removing Switchboard from Facebook failed");
      const code = failureCodeOf(err, platform);
      return oauthRedirect(failureLocation(code === "internal" ? code : "provider_unavailable", platform), cookies);
    }
  }
  try {
    const accounts = await provider.fetchAccounts(token, ctx);
    const usable = accounts.filter((a) => !a.unavailableReason);
    if (accounts.length === 0) throw new OAuthFailure("no_accounts");
    const reconnect = flow.extra.reconnect as { providerAccountId?: string } | undefined;
    if (reconnect?.providerAccountId && accounts.length === 1 && accounts[0]!.providerAccountId !== reconnect.providerAccountId) {
      throw new OAuthFailure("wrong_account");
    }
    if (accounts.length === 1 && usable.length === 1) {
      const [row] = await upsertConnections(db, { organizationId: s.organizationId, userId: s.userId, platform, accounts: usable });
      await storeConnectionAvatars(db, [row!]);
      log.info({ platform, connectionId: row?.id }, "connection saved");
      return oauthRedirect(successLocation(flow.returnTo, platform, 1), cookies);
    }
    const id = await createPendingSelection(db, {
      userId: s.userId,
      organizationId: s.organizationId,
      platform,
      accounts,
      returnTo: flow.returnTo,
    });
    return oauthRedirect(`/connections/select/${id}`, cookies);
  } catch (err) {
    const code = failureCodeOf(err, platform);
    return oauthRedirect(
      failureLocation(code, platform, { missingScopes: err instanceof OAuthFailure ? err.missingScopes : undefined, target: flow.target }),
      cookies,
    );
  }
}
