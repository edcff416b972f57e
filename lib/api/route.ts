import "server-only";
import { z } from "zod";
import type { TMembershipRole } from "@/db/schema";
import { getDb } from "@/db/client";
import { ActionFailure, fail, inputOf, type OrgOperation, parse, requireRole } from "@/lib/actions";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { getOrgContext, type TOrgContext } from "@/lib/orgs/current";
import { clientIp, rateLimit, rateLimitHeaders, rateLimitKey, retryAfterMessage } from "@/lib/rate-limit";
import { API_KEY_CHALLENGE, API_KEY_FAILURE_LIMIT, authenticateApiKey } from "@/lib/api-keys";
import { API_ERROR_STATUS, type TApiErrorBody, type TApiErrorCode } from "./errors";

/**
 * The one way JSON route handlers are built — the twin of `lib/actions.ts` for HTTP clients.
 *
 *   export const POST = route({ auth: "session", role: "admin", schema: ZInput, rateLimit: {…} },
 *     async (input, who) => ({ saved: true }));
 *
 * In order, every route: (1) for a cookie-authenticated (`session`) write, refuses another
 * site's request — `Sec-Fetch-Site` must be `same-origin`, or `Origin` must be APP_URL's origin —
 * and a body that is not `application/json` (what an HTML form can send); (2) authenticates by
 * `auth`; (3) counts the caller's rate limit; (4) parses the input with `schema` (the JSON body,
 * or the query string for GET); (5) runs the handler. The handler returns a value (sent as JSON,
 * 200, `Cache-Control: no-store`) or a Response; it ends with an error by `fail(code, message)`
 * (lib/actions.ts). Every error is `{error:{code,message,details?}}` with the status of
 * `API_ERROR_STATUS` (lib/api/errors.ts) — the one code → status table.
 *
 * Auth modes (`auth`), each resolved by its entry of `AUTH_MODES` below:
 * - `session`: the signed-in person's cookie; `role` is the minimum organization role; an
 *   `organizationId` in the input picks one of their organizations (404 if not theirs), else the
 *   one they are working in.
 * - `public`: anyone; rate limits count per client address (lib/rate-limit/keys.ts).
 * - `signature`: a request signed by a provider (webhooks): `verify(rawBody, request)` decides.
 * - `apiKey`: a program's API key (`Authorization: Bearer sk_live_…`, lib/api-keys), rate-limited
 *   per key; its errors use the connector API's codes (`validation_failed`, `unauthorized`).
 *
 * To add (or implement) an auth mode: add its name to `TAuthMode`, its options to `TRouteOptions`,
 * its principal to `TPrincipal`, and a resolver to `AUTH_MODES` that returns the principal or ends
 * with `fail("unauthenticated" | "bad_signature" | …)`. Its rate-limit subject goes in
 * `rateLimitKeyOf`. Nothing else changes: parsing, errors and limits are shared.
 */

export type TAuthMode = "session" | "apiKey" | "public" | "signature";

/** A route's own rate limit, counted per caller (user, API key or client address). */
export interface TRouteRateLimit {
  scope: string;
  limit: number;
  windowMs: number;
}

interface TBaseOptions<S extends z.ZodType> {
  /** The input: the JSON body, or the query string for GET and HEAD. Default: `{}` (ignored). */
  schema?: S;
  rateLimit?: TRouteRateLimit;
}

export interface TSessionRouteOptions<S extends z.ZodType> extends TBaseOptions<S> {
  auth: "session";
  /** The minimum role in the organization the request acts on. */
  role: TMembershipRole;
}
export interface TPublicRouteOptions<S extends z.ZodType> extends TBaseOptions<S> {
  auth: "public";
}
export interface TSignatureRouteOptions<S extends z.ZodType> extends TBaseOptions<S> {
  auth: "signature";
  /** True when the raw body is signed by the provider (e.g. Meta's X-Hub-Signature-256). */
  verify: (rawBody: string, request: Request) => boolean | Promise<boolean>;
}
export interface TApiKeyRouteOptions<S extends z.ZodType> extends TBaseOptions<S> {
  auth: "apiKey";
  /** The minimum role the key's organization grants (once keys carry one). */
  role?: TMembershipRole;
}
export type TRouteOptions<S extends z.ZodType> =
  | TSessionRouteOptions<S>
  | TPublicRouteOptions<S>
  | TSignatureRouteOptions<S>
  | TApiKeyRouteOptions<S>;

/** Who is calling, per mode. */
export interface TSessionPrincipal {
  auth: "session";
  /** The person and the organization this request acts on (`ctx.org`). */
  ctx: TOrgContext;
  organizationId: string;
  ip: string;
}
export interface TPublicPrincipal {
  auth: "public";
  ip: string;
}
export interface TSignaturePrincipal {
  auth: "signature";
  ip: string;
  rawBody: string;
}
export interface TApiKeyPrincipal {
  auth: "apiKey";
  ip: string;
  /** The key's id (never the key), its organization and role. */
  apiKey: { id: string; organizationId: string; role: TMembershipRole };
}
export type TPrincipal = TSessionPrincipal | TPublicPrincipal | TSignaturePrincipal | TApiKeyPrincipal;

type TPrincipalOf<O> = O extends { auth: "session" }
  ? TSessionPrincipal
  : O extends { auth: "public" }
    ? TPublicPrincipal
    : O extends { auth: "signature" }
      ? TSignaturePrincipal
      : TApiKeyPrincipal;

/** What a handler gets besides the input and the caller: the request and the route's params. */
export interface TRouteExtras {
  request: Request;
  params: Record<string, string | string[]>;
}

export type TNextRouteHandler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

const ZNoInput = z.object({});

const NO_STORE = { "Cache-Control": "no-store" };

/** `{error:{code,message,details?}}` with the code's status from the one table. */
export function apiError(code: TApiErrorCode, message: string, details?: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  const body: TApiErrorBody = { error: { code, message, ...(details ? { details } : {}) } };
  return Response.json(body, { status: API_ERROR_STATUS[code], headers: { ...NO_STORE, ...headers } });
}

/** A JSON answer that no cache keeps. */
export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

function isRead(method: string): boolean {
  return method === "GET" || method === "HEAD";
}

/**
 * True when a cookie-carrying request comes from the app's own pages: `Sec-Fetch-Site:
 * same-origin` (browsers send it on every fetch; any other value is another site), or, from a
 * client without fetch metadata, an `Origin` equal to APP_URL's. A request with neither is refused.
 */
export function isSameOrigin(headers: Headers, appUrl: string = env().APP_URL): boolean {
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = headers.get("origin");
  return origin !== null && origin === new URL(appUrl).origin;
}

function isJson(headers: Headers): boolean {
  const type = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}

function isForm(headers: Headers): boolean {
  return headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/** The raw input: the query string for reads; the JSON body (`{}` when empty) otherwise — or, on a signature route, a form body. */
async function readInput(request: Request, rawBody: string | null): Promise<unknown> {
  if (isRead(request.method)) {
    const params = new URL(request.url).searchParams;
    const out: Record<string, string | string[]> = {};
    for (const key of new Set(params.keys())) {
      const all = params.getAll(key);
      out[key] = all.length === 1 ? all[0]! : all;
    }
    return out;
  }
  const text = rawBody ?? (await request.text());
  if (!text.trim()) return {};
  // Providers post some signed callbacks as forms (Meta's deauthorize and data deletion: signed_request=…).
  if (rawBody !== null && isForm(request.headers)) return Object.fromEntries(new URLSearchParams(text));
  if (!isJson(request.headers)) fail("unsupported_media_type", "Send the body as JSON (Content-Type: application/json).");
  try {
    return JSON.parse(text);
  } catch {
    return fail("invalid_input", "The body is not valid JSON.");
  }
}

type TResolver = (request: Request, options: TRouteOptions<z.ZodType>, raw: () => Promise<unknown>, ip: string, rawBody: string | null) => Promise<TPrincipal>;

/** One resolver per auth mode (see the module comment for adding one). */
const AUTH_MODES: Record<TAuthMode, TResolver> = {
  async session(request, options, raw, ip) {
    if (!isRead(request.method)) {
      if (!isSameOrigin(request.headers)) fail("cross_origin", "This request did not come from Switchboard's own pages, so it was refused.");
      if (!isJson(request.headers)) fail("unsupported_media_type", "Send the body as JSON (Content-Type: application/json).");
    }
    const ctx = await getOrgContext();
    if (!ctx) fail("unauthenticated", "Your session has ended. Sign in again.");
    const input = await raw();
    const wanted = input && typeof input === "object" && "organizationId" in input ? (input as { organizationId: unknown }).organizationId : undefined;
    const org = wanted === undefined || wanted === null || wanted === "" ? ctx.org : ctx.memberships.find((m) => m.organizationId === wanted);
    if (!org) fail("not_found", "No such organization.");
    requireRole(org.role, (options as TSessionRouteOptions<z.ZodType>).role);
    return { auth: "session", ctx: { ...ctx, org }, organizationId: org.organizationId, ip };
  },
  async public(_request, _options, _raw, ip) {
    return { auth: "public", ip };
  },
  async signature(request, options, _raw, ip, rawBody) {
    const body = rawBody ?? "";
    const ok = await (options as TSignatureRouteOptions<z.ZodType>).verify(body, request);
    if (!ok) fail("bad_signature", "The request signature does not verify.");
    return { auth: "signature", ip, rawBody: body };
  },
  async apiKey(request, _options, _raw, ip) {
    // `Authorization: Bearer sk_live_…` (lib/api-keys): unknown or revoked → 401; past the key's own limit → 429 (A5).
    const auth = await authenticateApiKey(getDb(), request.headers);
    if (!auth.ok) {
      if (auth.code === "unauthorized") {
        // Wrong keys count per client address, so guessing keys from one place is slowed down too.
        const failures = await rateLimit(getDb(), { key: rateLimitKey.ip("api-key-failures", ip), ...API_KEY_FAILURE_LIMIT });
        if (!failures.ok) return fail("rate_limited", retryAfterMessage(failures.retryAfterSeconds), undefined, { retryAfterSeconds: failures.retryAfterSeconds });
      }
      const retry = auth.headers["Retry-After"];
      return fail(auth.code, auth.message, undefined, retry ? { retryAfterSeconds: Number(retry) } : undefined);
    }
    // Keys are created by owners and admins and act with an admin's reach in their organization.
    return { auth: "apiKey", ip, apiKey: { id: auth.caller.apiKeyId, organizationId: auth.caller.organizationId, role: "admin" } };
  },
};

/** A route's limit counts per person, per API key, or per client address. */
function rateLimitKeyOf(scope: string, principal: TPrincipal): string {
  switch (principal.auth) {
    case "session":
      return rateLimitKey.user(scope, principal.ctx.user.id);
    case "apiKey":
      return rateLimitKey.apiKey(scope, principal.apiKey.id);
    default:
      return rateLimitKey.ip(scope, principal.ip);
  }
}

/** API-key routes speak the connector API's (Airbyte-compatible) vocabulary for bad input. */
const API_KEY_CODES: Partial<Record<TApiErrorCode, TApiErrorCode>> = { invalid_input: "validation_failed", unsupported_media_type: "validation_failed", unauthenticated: "unauthorized" };

function failureResponse(error: unknown, mode?: TAuthMode): Response {
  if (error instanceof ActionFailure) {
    const { message, fieldErrors, details } = error.error;
    const code = (mode === "apiKey" && API_KEY_CODES[error.error.code]) || error.error.code;
    const extras = { ...(fieldErrors ? { fieldErrors } : {}), ...details };
    const retry = details?.retryAfterSeconds;
    const headers: Record<string, string> = typeof retry === "number" ? { "Retry-After": String(retry) } : {};
    // An API client without a valid key is told which scheme to use.
    if (mode === "apiKey" && code === "unauthorized") headers["WWW-Authenticate"] = API_KEY_CHALLENGE;
    return apiError(code, message, Object.keys(extras).length ? extras : undefined, headers);
  }
  // Next's redirect()/notFound() are thrown on purpose and must propagate.
  if (error && typeof error === "object" && "digest" in error && String((error as { digest: unknown }).digest).startsWith("NEXT_")) {
    throw error;
  }
  logger.error({ err: error }, "route handler failed");
  return apiError("internal", "Something went wrong on our side. Please try again.");
}

export function route<S extends z.ZodType = typeof ZNoInput, T = unknown>(
  options: TSessionRouteOptions<S>,
  handler: (input: z.infer<S>, who: TSessionPrincipal, extras: TRouteExtras) => Promise<T | Response>,
): TNextRouteHandler;
export function route<S extends z.ZodType = typeof ZNoInput, T = unknown>(
  options: TPublicRouteOptions<S>,
  handler: (input: z.infer<S>, who: TPublicPrincipal, extras: TRouteExtras) => Promise<T | Response>,
): TNextRouteHandler;
export function route<S extends z.ZodType = typeof ZNoInput, T = unknown>(
  options: TSignatureRouteOptions<S>,
  handler: (input: z.infer<S>, who: TSignaturePrincipal, extras: TRouteExtras) => Promise<T | Response>,
): TNextRouteHandler;
export function route<S extends z.ZodType = typeof ZNoInput, T = unknown>(
  options: TApiKeyRouteOptions<S>,
  handler: (input: z.infer<S>, who: TApiKeyPrincipal, extras: TRouteExtras) => Promise<T | Response>,
): TNextRouteHandler;
export function route<S extends z.ZodType, T>(
  options: TRouteOptions<S>,
  handler: (input: z.infer<S>, who: never, extras: TRouteExtras) => Promise<T | Response>,
): TNextRouteHandler {
  return async (request, context) => {
    try {
      const ip = clientIp(request.headers);
      // A signature covers the exact bytes, so they are read once, before anything parses them.
      const rawBody = options.auth === "signature" && !isRead(request.method) ? await request.text() : null;
      let input: Promise<unknown> | undefined;
      const raw = () => (input ??= readInput(request, rawBody));
      const who = await AUTH_MODES[options.auth](request, options as TRouteOptions<z.ZodType>, raw, ip, rawBody);
      if (options.rateLimit) {
        const { scope, limit, windowMs } = options.rateLimit;
        const result = await rateLimit(getDb(), { key: rateLimitKeyOf(scope, who), limit, windowMs });
        if (!result.ok) {
          return apiError("rate_limited", retryAfterMessage(result.retryAfterSeconds), { retryAfterSeconds: result.retryAfterSeconds }, rateLimitHeaders(result));
        }
      }
      const parsed = parse(options.schema ?? ZNoInput, inputOf(await raw())) as z.infer<S>;
      const params = (await context?.params) ?? {};
      const out = await handler(parsed, who as never, { request, params });
      return out instanceof Response ? out : apiJson(out ?? null);
    } catch (error) {
      return failureResponse(error, options.auth);
    }
  };
}

/** The JSON route of an organization operation (lib/actions.ts `orgOperation`): the same role, input and step as its action. */
route.operation = function operationRoute<S extends z.ZodType, T>(
  op: OrgOperation<S, T>,
  extra: { rateLimit?: TRouteRateLimit } = {},
): TNextRouteHandler {
  return route({ auth: "session", role: op.role, schema: op.schema, rateLimit: extra.rateLimit }, (input, who) => op.run(input, who.ctx));
};
