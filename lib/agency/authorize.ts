import "server-only";
import { sealData, unsealData } from "iron-session";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { accessRequests, organizations, type TAccessRequest, type TClientConnection } from "@/db/schema";
import { secureCookies } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { beginOAuth, finishOAuth, oauthRedirect, type CookieToSet } from "@/lib/oauth";
import { sealingPassword } from "@/lib/oauth/cookie";
import { batchGet, ZGraphRecord } from "@/lib/providers/facebook/ads";
import { META_CLIENT_ACCESS_SCOPES } from "@/lib/providers/facebook/config";
import { ProviderError } from "@/lib/providers/types";
import { fail } from "@/lib/action-errors";
import type { TSharedAsset } from "@/db/schema";
import { confirmClientSelection, isUsable, metaCredentials, saveClientAuthorization, type TSelection } from "./connections";
import { AGENCY_ACCESS_CALLBACK_PATH, AGENCY_ACCESS_PURPOSE, agencyAccessLogin } from "./login";
import { accessLinkOfRequest, linkDeadReason, openAccessRequest } from "./requests";

/**
 * The client's side of an access link: start Facebook Login (state bound to this link and this
 * browser by the OAuth engine), finish it (code → 60-day token → client connection), and the
 * short browser session that lets only the person who just authorized choose what to share.
 */

/** Why a wizard step ended somewhere other than the selector; the wizard page words each one. */
export const ZWizardProblem = z.enum(["missing_scopes", "consent_denied", "expired_flow", "provider_unavailable", "failed", "revoked", "link_expired"]);
export type TWizardProblem = z.infer<typeof ZWizardProblem>;

/** The selector session: this browser authorized this connection at this moment. */
const SESSION_COOKIE = "agency_access";
const SESSION_TTL_SECONDS = 3600;
const ZSession = z.object({ c: z.uuid(), a: z.number() });

async function sessionCookie(connection: TClientConnection): Promise<CookieToSet> {
  const value = await sealData({ c: connection.id, a: connection.authorizedAt.getTime() }, { password: sealingPassword(), ttl: SESSION_TTL_SECONDS });
  return { name: SESSION_COOKIE, value, options: { httpOnly: true, secure: secureCookies(), sameSite: "lax", path: "/", maxAge: SESSION_TTL_SECONDS } };
}

/** The cookie's name, for pages and actions that read it with next/headers. */
export const AGENCY_SESSION_COOKIE = SESSION_COOKIE;

/**
 * The connection this browser may choose assets for: the request's own connection, authorized in
 * this browser (the sealed cookie names it and its authorization time) within the last hour.
 */
export async function sessionConnection(connection: TClientConnection | null, rawCookie: string | undefined): Promise<TClientConnection | null> {
  if (!connection || !rawCookie) return null;
  try {
    const data = ZSession.safeParse(await unsealData(rawCookie, { password: sealingPassword(), ttl: SESSION_TTL_SECONDS }));
    if (!data.success) return null;
    return data.data.c === connection.id && data.data.a === connection.authorizedAt.getTime() ? connection : null;
  } catch {
    return null;
  }
}

/** Who is asking, for the wizard: the agency's name. */
export async function agencyNameOf(db: DbOrTx, request: TAccessRequest): Promise<string> {
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, request.organizationId));
  return org?.name ?? "An agency";
}

export type TBeginResult = { ok: true; redirectUrl: string; setCookie: CookieToSet } | { ok: false; reason: "unknown" | "revoked" | "expired" };

/** "Connect Meta": a Facebook Login flow for this link (no sign-in; the flow remembers the request, never the link's token). */
export async function beginClientAuthorization(db: DbOrTx, token: string): Promise<TBeginResult> {
  const opened = await openAccessRequest(db, token);
  if (!opened.ok) return opened;
  const { redirectUrl, setCookie } = await beginOAuth(db, {
    provider: agencyAccessLogin,
    platform: "facebook",
    purpose: AGENCY_ACCESS_PURPOSE,
    userId: null,
    organizationId: null,
    redirectPath: AGENCY_ACCESS_CALLBACK_PATH,
    returnToFallback: "/",
    extra: { accessRequestId: opened.request.id },
  });
  return { ok: true, redirectUrl, setCookie };
}

const ZPermissions = z.looseObject({ data: z.array(z.looseObject({ permission: z.string(), status: z.string() })) });

/** Who authorized and what they granted, in one upstream request (a batch of `me` and `me/permissions`). */
async function whoAndWhat(userToken: string, client?: HttpClient): Promise<{ id: string; name: string | null; granted: string[] }> {
  const [me, permissions] = await batchGet({ token: userToken, creds: metaCredentials(), client }, ["me?fields=id,name", "me/permissions"], ZGraphRecord);
  if (!me || me instanceof ProviderError) throw me ?? new ProviderError("unknown", "empty batch answer");
  if (!permissions || permissions instanceof ProviderError) throw permissions ?? new ProviderError("unknown", "empty batch answer");
  const list = ZPermissions.safeParse(permissions);
  const id = typeof me.id === "string" ? me.id : null;
  if (!id || !list.success) throw new ProviderError("unknown", "Meta answered me or me/permissions without the expected fields");
  return {
    id,
    name: typeof me.name === "string" ? me.name : null,
    granted: list.data.data.filter((p) => p.status === "granted").map((p) => p.permission),
  };
}

const problemAt = (link: string, problem: TWizardProblem, missing: string[] = []) =>
  `${link}?problem=${problem}${missing.length ? `&missing=${encodeURIComponent(missing.join(","))}` : ""}`;

/** Where a failed callback lands when no link is known (the flow cookie or record is gone). */
export const ACCESS_PROBLEM_PATH = "/access/problem";

/**
 * Facebook's return: the engine checks state, cookie and single use and exchanges the code for
 * the 60-day token; then every requested permission must be granted (a declined one → the page
 * naming it, with Try again), and the token is stored on the request's one client connection
 * (re-authorizing replaces token and expiry). Ends with a 303 to the selector, bound to this browser.
 */
export async function finishClientAuthorization(db: DbOrTx, request: Request, client?: HttpClient): Promise<Response> {
  const result = await finishOAuth(db, { provider: agencyAccessLogin, platform: "facebook", purpose: AGENCY_ACCESS_PURPOSE, request, userId: null, organizationId: null, anonymous: true });
  const cookies: CookieToSet[] = [result.clearCookie];
  const requestId = z.uuid().safeParse(result.flow?.extra && (result.flow.extra as Record<string, unknown>).accessRequestId);
  const [row] = requestId.success ? await db.select().from(accessRequests).where(eq(accessRequests.id, requestId.data)) : [];
  // A link revoked or lapsed while the client was at Facebook ends in the same polite dead end.
  const dead = row ? linkDeadReason(row) : null;
  if (dead) return oauthRedirect(`${ACCESS_PROBLEM_PATH}?problem=${dead === "revoked" ? "revoked" : "link_expired"}`, cookies);
  const link = row ? accessLinkOfRequest(row) : null;
  if (!row || !link) return oauthRedirect(`${ACCESS_PROBLEM_PATH}?problem=${result.ok ? "failed" : "expired_flow"}`, cookies);
  if (!result.ok) {
    const problem: TWizardProblem =
      result.code === "consent_denied" ? "consent_denied" : result.code === "provider_unavailable" ? "provider_unavailable" : result.code === "state_used_or_expired" || result.code === "state_missing" || result.code === "state_mismatch" ? "expired_flow" : "failed";
    return oauthRedirect(problemAt(link, problem), cookies);
  }

  let who: Awaited<ReturnType<typeof whoAndWhat>>;
  try {
    who = await whoAndWhat(result.token.accessToken, client);
  } catch (err) {
    const transient = err instanceof ProviderError && (err.kind === "transient" || err.kind === "rate_limit");
    return oauthRedirect(problemAt(link, transient ? "provider_unavailable" : "failed"), cookies);
  }
  const missing = META_CLIENT_ACCESS_SCOPES.filter((s) => !who.granted.includes(s));
  if (missing.length) return oauthRedirect(problemAt(link, "missing_scopes", missing), cookies);

  const connection = await saveClientAuthorization(db, row, {
    metaUserId: who.id,
    metaUserName: who.name,
    accessToken: result.token.accessToken,
    grantedScopes: who.granted.filter((s) => (META_CLIENT_ACCESS_SCOPES as readonly string[]).includes(s)),
    tokenExpiresAt: result.token.expiresIn ? new Date(Date.now() + result.token.expiresIn * 1000) : null,
  });
  cookies.push(await sessionCookie(connection));
  return oauthRedirect(`${link}/select`, cookies);
}


/**
 * Confirm in the selector: only the browser that just authorized (the sealed session cookie) may
 * choose, only while the link works, and only assets a fresh listing offers.
 */
export async function confirmWizardSelection(db: DbOrTx, token: string, rawSessionCookie: string | undefined, selection: TSelection, client?: HttpClient): Promise<TSharedAsset[]> {
  const opened = await openAccessRequest(db, token);
  if (!opened.ok) fail("not_found", "This link no longer works. Ask the agency for a new one.");
  const connection = await sessionConnection(opened.connection, rawSessionCookie);
  if (!connection) fail("forbidden", "Connect Meta again on this device to choose what to share.");
  if (!isUsable(connection)) fail("forbidden", "This authorization has expired. Connect Meta again.");
  return confirmClientSelection(db, connection, selection, client);
}
