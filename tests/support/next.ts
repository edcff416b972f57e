/**
 * Calling the app's real server actions and route handlers in vitest, as Next calls them: inside
 * a request scope (so `cookies()`, `headers()`, `auth()` and `revalidatePath()` work), against the
 * test database (`getDb()`), with a real signed session cookie for a real `auth_sessions` row.
 * Nothing of ours is replaced: only Next's request plumbing is set up around the call.
 */
import { createRequire } from "node:module";
import { encode } from "next-auth/jwt";
import type { Database } from "@/db/client";
import { authSecret } from "@/lib/auth";
import { env } from "@/lib/env";
import { claimAuthSession, createAuthSession } from "@/lib/auth/sessions";
import { ORG_COOKIE } from "@/lib/orgs/current";
import type { ActionResult } from "@/lib/actions";

const nodeRequire = createRequire(import.meta.url);
type Storage<S> = { run<T>(store: S, fn: () => T): T };
const { workAsyncStorage } = nodeRequire("next/dist/server/app-render/work-async-storage.external") as { workAsyncStorage: Storage<unknown> };
const { workUnitAsyncStorage } = nodeRequire("next/dist/server/app-render/work-unit-async-storage.external") as { workUnitAsyncStorage: Storage<unknown> };
const { createRequestStoreForAPI } = nodeRequire("next/dist/server/async-storage/request-store") as {
  createRequestStoreForAPI(req: { headers: Record<string, string> }, url: { pathname: string; search: string }, implicitTags: unknown, onUpdateCookies: (c: string[]) => void, previewProps: unknown): unknown;
};

/** The session cookie next-auth reads over plain http (APP_URL is http://localhost:3000 in tests). */
export const SESSION_COOKIE = "authjs.session-token";

/** Makes `getDb()` (used by actions and route handlers) answer with the test database. */
export function useAppDatabase(database: Database): void {
  (globalThis as { __switchboardDb?: Database }).__switchboardDb = database;
}

/** Undoes `useAppDatabase`: `getDb()` opens the app's own database again. */
export function releaseAppDatabase(): void {
  delete (globalThis as { __switchboardDb?: Database }).__switchboardDb;
}

/** Who is calling: cookies a signed-in browser would send (session, and the organization switcher). */
export interface TBrowser {
  cookies: Record<string, string>;
}

export const signedOut: TBrowser = { cookies: {} };

/** A browser signed in as `userId` (a real, claimed session row and a signed next-auth cookie), working in `organizationId`. */
export async function signedInAs(database: Database, userId: string, organizationId?: string): Promise<TBrowser> {
  const sid = await createAuthSession(database.db, userId);
  if ((await claimAuthSession(database.db, sid)) !== userId) throw new Error("could not claim the test session");
  const value = await encode({ token: { sub: userId, sid }, secret: authSecret(), salt: SESSION_COOKIE, maxAge: 3600 });
  return { cookies: { [SESSION_COOKIE]: value, ...(organizationId ? { [ORG_COOKIE]: organizationId } : {}) } };
}

function cookieHeader(browser: TBrowser, extra?: string | null): string {
  const own = Object.entries(browser.cookies).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return [...own, ...(extra ? [extra] : [])].join("; ");
}

/** Runs `fn` inside a Next request scope for `request`; returns its result and the Set-Cookie lines it produced. */
export async function inRequestScope<T>(request: Request, fn: () => Promise<T>, setCookies: string[] = []): Promise<{ value: T; setCookies: string[] }> {
  const url = new URL(request.url);
  // Next's server adds the x-forwarded-* headers; next-auth picks the (non-__Secure) cookie name from them.
  const headers: Record<string, string> = { host: url.host, "x-forwarded-host": url.host, "x-forwarded-proto": url.protocol.replace(":", "") };
  request.headers.forEach((v, k) => (headers[k] = v));
  const requestStore = createRequestStoreForAPI({ headers }, { pathname: url.pathname, search: url.search }, undefined, (c) => setCookies.push(...c), undefined);
  const workStore = {
    page: url.pathname,
    route: url.pathname,
    isStaticGeneration: false,
    forceStatic: false,
    dynamicShouldError: false,
    incrementalCache: {},
    afterContext: undefined,
    dev: false,
  };
  const value = await workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, fn));
  return { value, setCookies };
}

/** A request as `browser` sends it (its cookies added to any the request already carries). */
export function asBrowser(browser: TBrowser, input: string | URL, init: RequestInit = {}): Request {
  const url = new URL(input, env().APP_URL);
  const headers = new Headers(init.headers);
  headers.set("cookie", cookieHeader(browser, headers.get("cookie")));
  // What a browser's own fetch or form post from the app's pages carries.
  if (!headers.has("sec-fetch-site")) headers.set("sec-fetch-site", "same-origin");
  if (!headers.has("origin") && init.method && init.method !== "GET") headers.set("origin", url.origin);
  return new Request(url, { ...init, headers });
}

/** Any route handler: `(request)` or `(request, { params })`, whatever its params' shape. */
export type TAnyRouteHandler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

/** Calls a route handler (GET/POST… exported by an app/**\/route.ts) as Next does, inside a request scope. */
export async function callRoute(handler: TAnyRouteHandler, request: Request, params: Record<string, string | string[]> = {}): Promise<Response> {
  const { value } = await inRequestScope(request, () => handler(request, { params: Promise.resolve(params) as Promise<never> }));
  return value;
}

/** What a server action did: its result, or the redirect / not-found it threw on purpose. */
export type TActionOutcome<T> =
  | { kind: "result"; result: ActionResult<T>; setCookies: string[] }
  | { kind: "redirect"; location: string; setCookies: string[] }
  | { kind: "not_found"; setCookies: string[] };

type Action<T> = (prev: unknown, raw: unknown) => Promise<ActionResult<T>>;

/** A form post's FormData when every value is text; otherwise the object itself (a client component calling the action). */
function toActionInput(input: Record<string, unknown>): FormData | Record<string, unknown> {
  const isText = (v: unknown) => typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
  if (!Object.values(input).every(isText)) return input;
  const fd = new FormData();
  for (const [k, v] of Object.entries(input)) for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one as string);
  return fd;
}

/** Calls a server action as a form post from `browser` (a POST to `path` with its cookies). */
export async function callAction<T>(
  action: Action<T> | (() => Promise<void>),
  browser: TBrowser,
  input: Record<string, unknown> = {},
  path = "/",
): Promise<TActionOutcome<T>> {
  const request = asBrowser(browser, path, { method: "POST" });
  const setCookies: string[] = [];
  try {
    const { value } = await inRequestScope(request, () => (action as Action<T>)(null, toActionInput(input)), setCookies);
    return { kind: "result", result: value, setCookies };
  } catch (error) {
    const digest = error && typeof error === "object" && "digest" in error ? String((error as { digest: unknown }).digest) : "";
    if (digest.startsWith("NEXT_REDIRECT")) return { kind: "redirect", location: digest.split(";")[2] ?? "", setCookies };
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return { kind: "not_found", setCookies };
    throw error;
  }
}

/** The error code of an action outcome (`ok: false`), or "ok" / "redirect" / "not_found". */
export function outcomeCode(outcome: TActionOutcome<unknown>): string {
  if (outcome.kind !== "result") return outcome.kind;
  return outcome.result.ok ? "ok" : outcome.result.error.code;
}
