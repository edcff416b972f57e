import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { oauthFlows } from "@/db/schema";
import { decryptToken, encryptToken } from "@/lib/crypto";
import { env, type TEnv } from "@/lib/env";
import { providerFailureCode } from "@/lib/errors/provider";
import { rewriteUrl } from "@/lib/http";
import { childLogger } from "@/lib/log";
import type { AnyOAuthProvider as OAuthProvider, ClientCredentials, HookContext, TokenSet } from "@/lib/providers/types";
import { safeReturnTo } from "@/lib/return-to";
import { clearFlowCookie, flowCookieName, FLOW_TTL_SECONDS, readCookie, sealFlowCookie, serializeCookie, unsealFlowCookie, type CookieToSet } from "./cookie";
import { OAuthFailure, type OAuthFailureCode } from "./failures";
import type { TOAuthPurpose } from "./purposes";
import { codeChallengeS256, createCodeVerifier, createState, hashState, safeEqual } from "./pkce";
import { exchangeCode } from "./token";

const log = childLogger({ module: "oauth" });

export type TOAuthFlow = typeof oauthFlows.$inferSelect;

export interface BeginOAuthInput {
  provider: OAuthProvider;
  /** The platform name the flow is for (normally `provider.catalog.platform`); checked again at the callback (O4). */
  platform: string;
  /** What the flow is for (`./purposes.ts`); its callback runs that purpose's handler. */
  purpose: TOAuthPurpose;
  /** One of `provider.oauth.targets`; defaults to the first. */
  target?: string | null;
  userId: string | null;
  organizationId: string | null;
  /** Where to land afterwards; validated with safeReturnTo (O6). */
  returnTo?: string | null;
  returnToFallback?: string;
  /** The callback path on APP_URL; default `/api/social/<platform>/callback`. Registered at the provider exactly. */
  redirectPath?: string;
  /** Non-secret data the callback needs (e.g. the connection being reconnected, an access request id). */
  extra?: Record<string, unknown>;
}

export interface BeginOAuthResult {
  /** Where to send the browser (already rewritten to the sandbox when SANDBOX_URL is set). */
  redirectUrl: string;
  setCookie: CookieToSet;
}

export type FinishOAuthResult =
  | { ok: true; flow: TOAuthFlow; token: TokenSet; ctx: HookContext; clearCookie: CookieToSet }
  | { ok: false; code: OAuthFailureCode; missingScopes?: string[]; flow?: TOAuthFlow; clearCookie: CookieToSet };

/** The exact redirect URI for a callback path (O5): APP_URL + path, no query. */
export function redirectUriFor(path: string, e: TEnv = env()): string {
  return `${e.APP_URL.replace(/\/+$/, "")}${path}`;
}

export function defaultRedirectPath(platform: string): string {
  return `/api/social/${platform}/callback`;
}

/** The credentials for a target, or null when the platform is not configured. */
export function credentialsFor(provider: OAuthProvider, target: string, e: TEnv = env()): ClientCredentials | null {
  return provider.oauth.credentials(e, target);
}

function resolveTarget(provider: OAuthProvider, target: string | null | undefined): string {
  const targets = provider.oauth.targets;
  if (target && targets.includes(target)) return target;
  if (target) throw new OAuthFailure("unknown_platform", `unknown target ${target}`);
  return targets[0] ?? "default";
}

/** Builds the authorize URL: exactly the configured scopes (O8), S256 where PKCE is used (O3). */
export function buildAuthorizeUrl(
  provider: OAuthProvider,
  input: { clientId: string; redirectUri: string; state: string; target: string; codeChallenge?: string },
): string {
  const cfg = provider.oauth;
  const url = new URL(cfg.authorizeUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("scope", cfg.scopes(input.target).join(cfg.scopeSeparator));
  url.searchParams.set("state", input.state);
  if (cfg.pkce) {
    if (!input.codeChallenge) throw new Error("PKCE provider without a code challenge");
    url.searchParams.set("code_challenge", input.codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  for (const [k, v] of Object.entries(cfg.extraAuthorizeParams ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * Starts an authorization: stores the flow record (state hash, platform, purpose, target, user,
 * organization, encrypted PKCE verifier, redirect URI, return path) for 10 minutes and returns the
 * provider URL plus the httpOnly cookie that binds the flow to this browser.
 * Throws OAuthFailure("not_configured") when the platform has no credentials.
 */
export async function beginOAuth(db: DbOrTx, input: BeginOAuthInput): Promise<BeginOAuthResult> {
  const { provider } = input;
  const target = resolveTarget(provider, input.target);
  const credentials = credentialsFor(provider, target);
  if (!credentials) throw new OAuthFailure("not_configured", `${input.platform}/${target} has no credentials`);

  const id = randomUUID();
  const state = createState();
  const stateHash = hashState(state);
  const verifier = provider.oauth.pkce ? createCodeVerifier() : null;
  const redirectUri = redirectUriFor(input.redirectPath ?? defaultRedirectPath(input.platform));
  const returnTo = safeReturnTo(input.returnTo, input.returnToFallback ?? "/connections");

  await db.insert(oauthFlows).values({
    id,
    stateHash,
    platform: input.platform,
    purpose: input.purpose,
    target,
    userId: input.userId,
    organizationId: input.organizationId,
    codeVerifier: verifier ? encryptToken(verifier, { table: "oauth_flows", id, field: "code_verifier" }) : null,
    redirectUri,
    returnTo,
    extra: input.extra ?? {},
    expiresAt: sql`now() + make_interval(secs => ${FLOW_TTL_SECONDS})`,
  });

  const url = buildAuthorizeUrl(provider, {
    clientId: credentials.clientId,
    redirectUri,
    state,
    target,
    codeChallenge: verifier ? codeChallengeS256(verifier) : undefined,
  });
  const setCookie = await sealFlowCookie(flowCookieName(input.platform, input.purpose), { f: id, s: stateHash });
  log.info({ platform: input.platform, purpose: input.purpose, target, flowId: id }, "oauth flow started");
  return { redirectUrl: rewriteUrl(url), setCookie };
}

export interface FinishOAuthInput {
  provider: OAuthProvider;
  platform: string;
  purpose: TOAuthPurpose;
  request: Request;
  /** The signed-in user/org now; must equal the flow's (null for flows that start signed out). */
  userId: string | null;
  organizationId: string | null;
  /** Skip the user/org comparison (sign-in flows, whose record has no user); default false. */
  anonymous?: boolean;
}

/**
 * Checks the callback's `state` against this browser's flow cookie (O1) first, then consumes only
 * the flow that cookie names (atomic, single use: O2) for this platform and purpose (O4), checks
 * the current session (A1), then exchanges the code — repeating the exact redirect_uri (O5) and PKCE verifier — and runs the long-lived exchange hook.
 * Never throws for expected failures: answers `{ok:false, code}`.
 */
export async function finishOAuth(db: DbOrTx, input: FinishOAuthInput): Promise<FinishOAuthResult> {
  const cookieName = flowCookieName(input.platform, input.purpose);
  const clearCookie = clearFlowCookie(cookieName);
  const fail = (code: OAuthFailureCode, flow?: TOAuthFlow, missingScopes?: string[]): FinishOAuthResult => {
    log.info({ platform: input.platform, purpose: input.purpose, failure: code }, "oauth callback failed");
    return { ok: false, code, flow, missingScopes, clearCookie };
  };

  const params = new URL(input.request.url).searchParams;
  const state = params.get("state");
  const cookie = await unsealFlowCookie(readCookie(input.request, cookieName));
  if (!state || state.length > 512) return fail(cookie ? "state_mismatch" : "state_missing");
  const stateHash = hashState(state);

  // Only the flow this browser's cookie names may be consumed: a leaked callback URL opened
  // without that cookie (or with another flow's) changes nothing, and the real callback still works.
  if (!cookie) {
    // Read, never consume: a flow still waiting means this browser is not the one that started
    // it; none means the link was already used (the first callback cleared the cookie) or expired.
    const [waiting] = await db
      .select({ id: oauthFlows.id })
      .from(oauthFlows)
      .where(and(eq(oauthFlows.stateHash, stateHash), eq(oauthFlows.platform, input.platform), eq(oauthFlows.purpose, input.purpose)))
      .limit(1);
    return fail(waiting ? "state_missing" : "state_used_or_expired");
  }
  if (!safeEqual(cookie.s, stateHash)) return fail("state_mismatch");
  // Single use, atomically: of two concurrent callbacks exactly one gets the row.
  const [flow] = await db
    .delete(oauthFlows)
    .where(
      and(
        eq(oauthFlows.id, cookie.f),
        eq(oauthFlows.stateHash, stateHash),
        eq(oauthFlows.platform, input.platform),
        eq(oauthFlows.purpose, input.purpose),
      ),
    )
    .returning();
  if (!flow) return fail("state_used_or_expired");
  if (flow.expiresAt.getTime() <= Date.now()) return fail("state_used_or_expired", flow);
  if (!input.anonymous && (flow.userId !== input.userId || flow.organizationId !== input.organizationId)) {
    log.warn({ platform: input.platform, flowId: flow.id }, "oauth callback from another user or organization");
    return fail("session_mismatch", flow);
  }

  const error = params.get("error");
  if (error) {
    log.info({ platform: input.platform, error: error.slice(0, 64) }, "provider returned an error to the callback");
    const denied = /denied|cancel/i.test(error) || /denied|cancel/i.test(params.get("error_reason") ?? "");
    return fail(denied ? "consent_denied" : /scope/i.test(error) ? "misconfigured" : "consent_denied", flow);
  }
  // Instagram appends "#_" to the code in some clients.
  const code = params.get("code")?.replace(/#_$/, "");
  if (!code) return fail("invalid_grant", flow);

  const credentials = credentialsFor(input.provider, flow.target);
  if (!credentials) return fail("not_configured", flow);
  const ctx: HookContext = { env: env(), target: flow.target, credentials };
  try {
    const verifier = flow.codeVerifier ? decryptToken(flow.codeVerifier, { table: "oauth_flows", id: flow.id, field: "code_verifier" }) : null;
    let token = await exchangeCode(input.provider, credentials, { code, redirectUri: flow.redirectUri, codeVerifier: verifier });
    if (input.provider.exchangeForLongLivedToken) token = await input.provider.exchangeForLongLivedToken(token, ctx);
    const missing = missingScopes(input.provider, flow.target, token.scopes);
    if (missing.length) return fail("missing_scopes", flow, missing);
    return { ok: true, flow, token, ctx, clearCookie };
  } catch (err) {
    return fail(failureCodeOf(err, input.platform), flow, err instanceof OAuthFailure ? err.missingScopes : undefined);
  }
}

/** Required scopes the token response says were not granted (nothing when it does not list them). */
export function missingScopes(provider: Pick<OAuthProvider, "oauth">, target: string, granted: string[] | null | undefined): string[] {
  if (!granted) return [];
  const required = provider.oauth.requiredScopes?.(target) ?? provider.oauth.scopes(target);
  const have = new Set(granted);
  return required.filter((s) => !have.has(s));
}

/** Any error from a connect step → a failure code (OAuthFailure keeps its own; a provider failure by kind, lib/errors/provider.ts). */
export function failureCodeOf(err: unknown, platform: string): OAuthFailureCode {
  if (err instanceof OAuthFailure) return err.code;
  const code = providerFailureCode(err);
  if (code && code !== "internal") return code;
  log.error({ platform, err }, "oauth step failed unexpectedly");
  return "internal";
}

/** Removes expired flow records (called from the expiry sweep). */
export async function pruneOAuthFlows(db: DbOrTx): Promise<number> {
  const rows = await db.delete(oauthFlows).where(lt(oauthFlows.expiresAt, sql`now()`)).returning({ id: oauthFlows.id });
  return rows.length;
}

/** Headers every callback response carries (O7). */
export const CALLBACK_HEADERS = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } as const;

/**
 * A 303 to a clean URL (no code, no state) with no-referrer and no-store, setting/clearing the
 * given cookies — for connect starts and callbacks alike. `location` is app-relative or absolute.
 */
export function oauthRedirect(location: string, cookies: CookieToSet[] = []): Response {
  const headers = new Headers(CALLBACK_HEADERS);
  const target = /^https?:\/\//.test(location) ? location : redirectUriFor(location);
  headers.set("Location", target);
  for (const c of cookies) headers.append("Set-Cookie", serializeCookie(c));
  return new Response(null, { status: 303, headers });
}

