/**
 * For integration tests: the sandbox (tests/support/sandbox-app.ts), its Instagram control knobs, and the
 * browser's part of an Instagram sign-in (the consent click and the callback request).
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { DbOrTx } from "@/db/client";
import { beginOAuth, finishOAuth, type BeginOAuthResult, type CookieToSet } from "@/lib/oauth";
import { instagramLoginProvider } from "@/lib/providers/instagram_login/provider";
import { completeInstagramLogin, INSTAGRAM_SIGN_IN_PURPOSE } from "@/lib/instagram-sign-in/complete";
import { INSTAGRAM_LOGIN_PLATFORM } from "@/lib/connections/instagram-login-connection";
import { startSandbox as startOAuthSandbox, type RunningSandbox as OAuthSandbox } from "@/tests/support/sandbox-app";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";

export { TEST_APP_URL } from "@/tests/support/sandbox-app";
export const AVA = { accountId: "17841450000000011", appScopedId: "8123456789012345", username: "ava.bakes" };
export const KENJI = { accountId: "17841450000000022", appScopedId: "8234567890123456", username: "kenjicreates" };
export const LENA = { accountId: "17841450000000033", username: "novak.studio" };

export interface RunningSandbox extends OAuthSandbox {
  /** POST a control call (`/__sandbox/...`). */
  control(path: string, body: Record<string, unknown>): Promise<unknown>;
  /** Moves the sandbox's clock (token ages and expiry) forward. */
  advanceDays(days: number): Promise<void>;
}

/** The whole sandbox on 127.0.0.1:<random>, with SANDBOX_URL, APP_URL and the Instagram app pointed at it. */
export async function startSandbox(): Promise<RunningSandbox> {
  const s = await startOAuthSandbox();
  const control = async (path: string, body: Record<string, unknown>) => {
    const res = await fetch(`${s.url}/__sandbox${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox control ${path} answered ${res.status}`);
    return res.json();
  };
  return {
    ...s,
    control,
    async advanceDays(days) {
      await control("/clock", { advanceDays: days });
    },
  };
}

export interface TInstagramTestEnv {
  database: TestDatabase;
  sandbox: RunningSandbox;
}

/**
 * The world of an Instagram sign-in test file: its own database and the whole sandbox, opened
 * before the first test and closed after the last; with `resetEachTest`, the sandbox forgets its
 * state (tokens, counters, knobs) before each test. The returned object is filled in by then.
 */
export function useInstagramTestEnv(options: { resetEachTest?: boolean } = {}): TInstagramTestEnv {
  const t = {} as TInstagramTestEnv;
  beforeAll(async () => {
    t.database = await createTestDatabase();
    t.sandbox = await startSandbox();
  });
  afterAll(async () => {
    await t.sandbox?.close();
    await t.database?.cleanup();
  });
  if (options.resetEachTest) beforeEach(() => t.sandbox.sandbox.reset());
  return t;
}

/**
 * The person on Instagram's consent page: Allow (as `user`) or Cancel. Answers the callback URL
 * Instagram redirects to, without the `#_` fragment a browser keeps to itself.
 */
export async function consent(authorizeUrl: string, options: { user?: string; decision?: "allow" | "cancel" } = {}): Promise<string> {
  const form = new URLSearchParams({ decision: options.decision ?? "allow", sandbox_user: options.user ?? AVA.accountId });
  const res = await fetch(authorizeUrl, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return location.replace(/#.*$/, "");
}

/** The browser's request to the callback, carrying the flow cookie when given. */
export function callbackRequest(callbackUrl: string, cookie?: CookieToSet): Request {
  const headers = new Headers();
  if (cookie) headers.set("cookie", `${cookie.name}=${encodeURIComponent(cookie.value)}`);
  return new Request(callbackUrl, { headers });
}

/** Starts an Instagram sign-in (or, with a user and organization, a link) as the start route does. */
export function beginInstagramSignIn(db: DbOrTx, link: { userId?: string | null; organizationId?: string | null } = {}): Promise<BeginOAuthResult> {
  return beginOAuth(db, {
    provider: instagramLoginProvider,
    platform: INSTAGRAM_LOGIN_PLATFORM,
    purpose: INSTAGRAM_SIGN_IN_PURPOSE,
    userId: link.userId ?? null,
    organizationId: link.organizationId ?? null,
    returnTo: "/connections",
    redirectPath: "/api/auth/instagram/callback",
    extra: { from: link.userId ? "settings" : "sign-in" },
  });
}

/** The callback's engine step, as the callback route runs it. */
export function finishInstagramSignIn(db: DbOrTx, request: Request) {
  return finishOAuth(db, {
    provider: instagramLoginProvider,
    platform: INSTAGRAM_LOGIN_PLATFORM,
    purpose: INSTAGRAM_SIGN_IN_PURPOSE,
    request,
    userId: null,
    organizationId: null,
    anonymous: true,
  });
}

/** Continue with Instagram → Allow as `user` → the callback, as a browser would do it. */
export async function signInThroughSandbox(db: DbOrTx, user: string) {
  const started = await beginInstagramSignIn(db);
  const callback = await consent(started.redirectUrl, { user });
  const result = await finishInstagramSignIn(db, callbackRequest(callback, started.setCookie));
  if (!result.ok) throw new Error(`sign-in failed: ${result.code}`);
  const outcome = await completeInstagramLogin(db, { token: result.token, ctx: result.ctx, linkUserId: null, linkOrganizationId: null });
  if (!outcome.ok) throw new Error(`sign-in failed: ${outcome.code}`);
  return outcome;
}
