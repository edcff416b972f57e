import "server-only";
import type { DbOrTx } from "@/db/client";
import type { TMembershipRole } from "@/db/schema";
import type { TFailureCode } from "@/lib/errors/codes";
import type { AnyOAuthProvider, HookContext, TokenSet } from "@/lib/providers/types";
import { clientIp, rateLimit, rateLimitKey, rateLimitResponse } from "@/lib/rate-limit";
import { flowCookieName, readCookie, serializeCookie, unsealFlowCookie, type CookieToSet } from "./cookie";
import { failureCodeOf, finishOAuth, oauthRedirect, type TOAuthFlow } from "./engine";
import { OAuthFailure } from "./failures";
import { CALLBACK_HANDLERS, type TRegisteredPurpose } from "./handlers";
import { hashState, safeEqual } from "./pkce";
import type { TOAuthPurpose } from "./purposes";

/** Who finishes the flow: the signed-in user in their current organization (null when signed out). */
export interface TCallbackCaller {
  userId: string;
  organizationId: string;
  role: TMembershipRole;
}

/** What a purpose's handler ends with; the pipeline turns it into the one kind of answer (a 303, O7). */
export type TCallbackOutcome =
  /** Finished: land on `location` (setting `cookies`, e.g. a short session for the next step). */
  | { kind: "done"; location: string; cookies?: CookieToSet[] }
  /** The person picks (accounts, Pages): the picker at `location`. */
  | { kind: "choose"; location: string; cookies?: CookieToSet[] }
  /** Ended with a code of the one vocabulary; the purpose's screen words it. */
  | { kind: "failed"; code: TFailureCode; missingScopes?: string[] }
  /**
   * A page the purpose answers itself, when there is nowhere to send the browser (connector_oauth:
   * the other application's session is gone, so there is no redirect_url to return to).
   */
  | { kind: "answer"; response: Response };

/** A failure on its way to the purpose's screen. */
export interface TCallbackFailure {
  code: TFailureCode;
  platform: string;
  missingScopes?: string[];
  /** The flow, when the failure happened after it was consumed. */
  flow?: TOAuthFlow;
}

export interface TCallbackInput {
  platform: string;
  flow: TOAuthFlow;
  /** The exchanged (and, where the provider has the hook, long-lived) token. */
  token: TokenSet;
  ctx: HookContext;
  /** Already compared with the flow's user and organization by the engine, unless the purpose is `anonymous`. */
  caller: TCallbackCaller | null;
}

/**
 * One purpose of the callback pipeline: which provider finishes it, who may, and what happens
 * once the engine has verified the flow and exchanged the code. Registered in `./handlers.ts`.
 */
export interface CallbackPurpose<Name extends TOAuthPurpose = TOAuthPurpose> {
  name: Name;
  /** The provider that finishes this purpose for the callback URL's platform; null = not served here. */
  provider(platform: string): AnyOAuthProvider | null;
  /** Flows that may start signed out: the engine does not compare the flow's user and organization. */
  anonymous?: boolean;
  /**
   * Per-IP limit on the callback; `answer: "status"` answers a plain 429 instead of the failure
   * screen. Absent only where the route already limits it (connector_oauth: the API's route
   * helper, which answers the API's JSON 429).
   */
  callbackLimit?: { scope: string; limit: number; windowMs: number; answer?: "failure" | "status" };
  /** The engine's code as this purpose's screen says it (default: unchanged). */
  screenCode?(code: TFailureCode, caller: TCallbackCaller | null): TFailureCode;
  /**
   * Where a failure lands: the screen whose wording table explains the code (may read the flow's
   * rows) — or a page of its own when there is nowhere to land (see the `answer` outcome).
   */
  failureLocation(failure: TCallbackFailure, db: DbOrTx): string | Response | Promise<string | Response>;
  /** The purpose's work with the verified flow and token. A thrown error ends as `failureCodeOf(err)`. */
  handle(db: DbOrTx, input: TCallbackInput): Promise<TCallbackOutcome>;
}

export interface FinishCallbackInput {
  request: Request;
  /** The platform the callback URL names (the engine checks the flow was started for it, O4). */
  platform: string;
  caller: TCallbackCaller | null;
  /**
   * The purposes this callback URL serves, first = the default. When several serve one URL (a
   * creator connect and "Remove Switchboard" both come back to /api/social/<platform>/callback),
   * the browser's flow cookie says which one it started.
   */
  purposes: readonly TRegisteredPurpose[];
}

/**
 * Of the purposes served at one callback URL, the one this browser started for the callback's
 * `state` (its sealed flow cookie names that state), else the one whose cookie it has at all.
 */
async function startedPurpose(request: Request, platform: string, served: CallbackPurpose[]): Promise<CallbackPurpose | undefined> {
  if (served.length < 2) return served[0];
  const state = new URL(request.url).searchParams.get("state");
  const withCookie: CallbackPurpose[] = [];
  for (const p of served) {
    const cookie = await unsealFlowCookie(readCookie(request, flowCookieName(platform, p.name)));
    if (!cookie) continue;
    if (state && state.length <= 512 && safeEqual(cookie.s, hashState(state))) return p;
    withCookie.push(p);
  }
  return withCookie[0];
}

/**
 * THE callback pipeline: picks the purpose, limits by IP, lets the engine verify the flow (cookie,
 * state, single use, user and organization) and exchange the code, runs the purpose's handler and
 * answers its outcome as a 303 to a clean URL with no-referrer and no-store (O7), clearing the
 * flow cookie. Never throws for an expected failure.
 */
export async function finishCallback(db: DbOrTx, input: FinishCallbackInput): Promise<Response> {
  const { request, platform, caller } = input;
  const served = input.purposes.map((name) => CALLBACK_HANDLERS[name] as CallbackPurpose).filter((p) => p.provider(platform));
  const purpose = (await startedPurpose(request, platform, served)) ?? served[0];
  if (!purpose) {
    const fallback = CALLBACK_HANDLERS[input.purposes[0]!] as CallbackPurpose;
    return land(await fallback.failureLocation({ code: "unknown_platform", platform: "unknown" }, db));
  }
  const provider = purpose.provider(platform)!;

  if (purpose.callbackLimit) {
    const { scope, limit, windowMs, answer } = purpose.callbackLimit;
    const limited = await rateLimit(db, { key: rateLimitKey.ip(scope, clientIp(request.headers)), limit, windowMs });
    if (!limited.ok) return answer === "status" ? rateLimitResponse(limited) : land(await purpose.failureLocation({ code: "rate_limited", platform }, db));
  }

  const result = await finishOAuth(db, {
    provider,
    platform,
    purpose: purpose.name,
    request,
    userId: caller?.userId ?? null,
    organizationId: caller?.organizationId ?? null,
    anonymous: purpose.anonymous,
  });
  const cookies = [result.clearCookie];
  const screen = (code: TFailureCode) => (purpose.screenCode ? purpose.screenCode(code, caller) : code);
  if (!result.ok) {
    const failure = { code: screen(result.code), platform, missingScopes: result.missingScopes, flow: result.flow };
    return land(await purpose.failureLocation(failure, db), cookies);
  }

  let outcome: TCallbackOutcome;
  try {
    outcome = await purpose.handle(db, { platform, flow: result.flow, token: result.token, ctx: result.ctx, caller });
  } catch (err) {
    outcome = { kind: "failed", code: screen(failureCodeOf(err, platform)), missingScopes: err instanceof OAuthFailure ? err.missingScopes : undefined };
  }
  if (outcome.kind === "answer") return land(outcome.response, cookies);
  if (outcome.kind !== "failed") return oauthRedirect(outcome.location, [...cookies, ...(outcome.cookies ?? [])]);
  return land(await purpose.failureLocation({ code: outcome.code, platform, missingScopes: outcome.missingScopes, flow: result.flow }, db), cookies);
}

/** A location as the 303 (O7), or a purpose's own page as it is; both clear the flow cookie. */
function land(to: string | Response, cookies: CookieToSet[] = []): Response {
  if (typeof to === "string") return oauthRedirect(to, cookies);
  for (const c of cookies) to.headers.append("Set-Cookie", serializeCookie(c));
  return to;
}
