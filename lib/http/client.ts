import type { z } from "zod";
import { env } from "@/lib/env";
import { childLogger, type Logger } from "@/lib/log";
import { HttpError } from "./errors";
import { reportRateLimit } from "./observe";
import { parseRateLimitHeaders } from "./rate-limit-headers";
import { redactSecrets } from "./redact";
import { HttpResponse } from "./response";
import { rewriteUrl } from "./rewrite";

export type HttpMethod = "GET" | "HEAD" | "OPTIONS" | "POST" | "PUT" | "PATCH" | "DELETE";
type Scalar = string | number | boolean | null | undefined;

export interface HttpRequestOptions {
  /** Defaults to GET, or POST when a body (`form`, `json`, `body`) is given. */
  method?: HttpMethod;
  headers?: Headers | Record<string, string | undefined>;
  /** Appended to the URL's own query; `undefined`/`null` values are skipped, arrays repeat the key. */
  query?: Record<string, Scalar | readonly Scalar[]>;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: URLSearchParams | Record<string, Scalar>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Passed through as is (FormData for multipart, Blob, bytes, string). */
  body?: BodyInit;
  /** Per attempt, including reading the body. Defaults to `HTTP_TIMEOUT_MS`. */
  timeoutMs?: number;
  /**
   * `true` retries any method (opt in only where repeating the call is harmless); `false` never retries.
   * By default idempotent methods are retried, and other methods only when the connection was never made.
   */
  retry?: boolean;
  /** Total attempts, including the first. Default 3. */
  attempts?: number;
  /** A `Retry-After` longer than this is not waited for: the response is returned so the caller can schedule. Default 30 s. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  /** `manual` returns a 3xx as it is, for callers that check where it leads before following. Default `follow`. */
  redirect?: "follow" | "manual";
  /** A body larger than this (by Content-Length, or while reading) fails with HttpError(`too_large`) at once. */
  maxBodyBytes?: number;
}

export interface HttpClientDeps {
  fetch?: typeof fetch;
  /** Waits between attempts; tests inject one that does not really wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1), for full-jitter backoff. */
  random?: () => number;
  now?: () => number;
  logger?: Logger;
  /** First backoff ceiling; doubles each attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface HttpClient {
  /** Sends a request; resolves with any HTTP status, throws HttpError(`timeout` | `network`). */
  request(url: string, options?: HttpRequestOptions): Promise<HttpResponse>;
  get(url: string, options?: Omit<HttpRequestOptions, "method">): Promise<HttpResponse>;
  post(url: string, options?: Omit<HttpRequestOptions, "method">): Promise<HttpResponse>;
  put(url: string, options?: Omit<HttpRequestOptions, "method">): Promise<HttpResponse>;
  patch(url: string, options?: Omit<HttpRequestOptions, "method">): Promise<HttpResponse>;
  delete(url: string, options?: Omit<HttpRequestOptions, "method">): Promise<HttpResponse>;
  /** Sends a request and returns its body parsed by `schema`; a non-2xx status throws HttpError(`status`). */
  requestJson<S extends z.ZodType>(url: string, schema: S, options?: HttpRequestOptions): Promise<z.output<S>>;
}

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;
const IDEMPOTENT = new Set<HttpMethod>(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
// Failures before any byte of the request left: safe to repeat even for a POST.
const CONNECT_FAILURES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base·2^(attempt-1))). */
export function backoffDelay(attempt: number, random: () => number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function buildUrl(url: string, query: HttpRequestOptions["query"]): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? (value as readonly Scalar[]) : [value as Scalar];
    for (const v of values) if (v !== undefined && v !== null) u.searchParams.append(key, String(v));
  }
  return u.toString();
}

function buildBody(options: HttpRequestOptions, headers: Headers): BodyInit | undefined {
  const given = [options.form, options.json, options.body].filter((b) => b !== undefined).length;
  if (given > 1) throw new TypeError("httpRequest: pass only one of form, json or body");
  if (options.form !== undefined) {
    const form = options.form instanceof URLSearchParams ? options.form : new URLSearchParams();
    if (!(options.form instanceof URLSearchParams)) {
      for (const [k, v] of Object.entries(options.form)) if (v !== undefined && v !== null) form.append(k, String(v));
    }
    if (!headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
    return form.toString();
  }
  if (options.json !== undefined) {
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return JSON.stringify(options.json);
  }
  return options.body;
}

function toHeaders(init: HttpRequestOptions["headers"]): Headers {
  if (init instanceof Headers) return new Headers(init);
  const headers = new Headers();
  for (const [k, v] of Object.entries(init ?? {})) if (v !== undefined) headers.set(k, v);
  return headers;
}

type Attempt =
  | { ok: true; response: Response; body: Uint8Array }
  | { ok: false; kind: "timeout" | "network"; cause: unknown; connectFailure: boolean }
  | { ok: false; kind: "too_large"; cause: undefined; connectFailure: false };

class TooLarge extends Error {}

/** Reads a body, stopping (and cancelling the stream) as soon as it passes `max` bytes. */
async function readCapped(response: Response, max: number | undefined): Promise<Uint8Array> {
  if (max === undefined) return new Uint8Array(await response.arrayBuffer());
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel().catch(() => undefined);
    throw new TooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Builds an HTTP client; the app uses the default one (`http`, `httpRequest`), tests inject fakes. */
export function createHttpClient(deps: HttpClientDeps = {}): HttpClient {
  const doFetch = deps.fetch ?? ((input, init) => fetch(input, init));
  const sleep = deps.sleep ?? abortableSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const baseDelayMs = deps.baseDelayMs ?? 500;
  const maxDelayMs = deps.maxDelayMs ?? 8_000;
  let log = deps.logger;
  const logger = () => (log ??= childLogger({ module: "http" }));

  async function attempt(url: string, init: RequestInit, timeoutMs: number, callerSignal?: AbortSignal, maxBodyBytes?: number): Promise<Attempt> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    try {
      const response = await doFetch(url, { ...init, signal });
      // Read the body inside the same timeout, so a stalled body is a timeout too.
      const body = await readCapped(response, maxBodyBytes);
      return { ok: true, response, body };
    } catch (cause) {
      if (cause instanceof TooLarge) return { ok: false, kind: "too_large", cause: undefined, connectFailure: false };
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timeout.aborted) return { ok: false, kind: "timeout", cause: undefined, connectFailure: false };
      const code = (cause as { cause?: { code?: unknown } })?.cause?.code;
      return { ok: false, kind: "network", cause, connectFailure: typeof code === "string" && CONNECT_FAILURES.has(code) };
    }
  }

  async function request(rawUrl: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    const headers = toHeaders(options.headers);
    const body = buildBody(options, headers);
    const method: HttpMethod = options.method ?? (body === undefined ? "GET" : "POST");
    const url = rewriteUrl(buildUrl(rawUrl, options.query));
    const safeUrl = redactSecrets(url);
    const timeoutMs = options.timeoutMs ?? env().HTTP_TIMEOUT_MS;
    const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    // A stream can be sent only once.
    const replayable = !(body instanceof ReadableStream);
    const maxAttempts = replayable ? Math.max(1, Math.floor(options.attempts ?? DEFAULT_ATTEMPTS)) : 1;
    const retryAll = options.retry ?? IDEMPOTENT.has(method);
    const init: RequestInit & { duplex?: "half" } = { method, headers, body, cache: "no-store", redirect: options.redirect ?? "follow" };
    if (!replayable) init.duplex = "half";

    for (let n = 1; ; n++) {
      const started = now();
      const result = await attempt(url, init, timeoutMs, options.signal, options.maxBodyBytes);
      const ms = now() - started;

      if (!result.ok && result.kind === "too_large") {
        logger().debug({ method, url: safeUrl, error: result.kind, attempt: n, ms }, "http request failed");
        throw new HttpError({ kind: "too_large", method, url: safeUrl, attempts: n, message: `${method} ${safeUrl}: body larger than ${options.maxBodyBytes} bytes` });
      }
      if (!result.ok) {
        const canRetry = n < maxAttempts && options.retry !== false && (retryAll || result.connectFailure);
        const delay = canRetry ? backoffDelay(n, random, baseDelayMs, maxDelayMs) : undefined;
        logger().debug({ method, url: safeUrl, error: result.kind, attempt: n, ms, retryInMs: delay }, "http request failed");
        if (delay === undefined) {
          throw new HttpError({
            kind: result.kind,
            method,
            url: safeUrl,
            attempts: n,
            message:
              result.kind === "timeout"
                ? `${method} ${safeUrl} timed out after ${timeoutMs} ms`
                : `${method} ${safeUrl} failed: network error`,
            cause: result.cause,
          });
        }
        await sleep(delay, options.signal);
        continue;
      }

      const { response } = result;
      const rateLimit = parseRateLimitHeaders(response.headers, now());
      reportRateLimit(rateLimit);
      const res = new HttpResponse({
        status: response.status,
        headers: response.headers,
        rateLimit,
        attempts: n,
        method,
        url,
        body: result.body,
      });

      let delay: number | undefined;
      if (isRetryableStatus(response.status) && n < maxAttempts && retryAll) {
        const hintMs = waitHintMs(res, now());
        if (hintMs === undefined) delay = backoffDelay(n, random, baseDelayMs, maxDelayMs);
        else if (hintMs <= maxRetryAfterMs) delay = hintMs;
        // Otherwise the provider asks for a longer pause than a request should block: hand it back.
      }
      logger().debug({ method, url: safeUrl, status: response.status, attempt: n, ms, retryInMs: delay }, "http request");
      if (delay === undefined) return res;
      await sleep(delay, options.signal);
    }
  }

  const withMethod =
    (method: HttpMethod) =>
    (url: string, options: Omit<HttpRequestOptions, "method"> = {}) =>
      request(url, { ...options, method });

  return {
    request,
    get: withMethod("GET"),
    post: withMethod("POST"),
    put: withMethod("PUT"),
    patch: withMethod("PATCH"),
    delete: withMethod("DELETE"),
    async requestJson(url, schema, options) {
      const res = await request(url, options);
      if (!res.ok) {
        throw new HttpError({
          kind: "status",
          method: res.method,
          url: redactSecrets(res.url),
          attempts: res.attempts,
          message: `${res.method} ${redactSecrets(res.url)} returned ${res.status}`,
          response: res,
        });
      }
      return res.json(schema);
    },
  };
}

/** How long the provider asked us to wait: `Retry-After`, or X's reset time on a 429 with nothing remaining. */
function waitHintMs(res: HttpResponse, nowMs: number): number | undefined {
  const { retryAfterSeconds, remaining, resetAt } = res.rateLimit;
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
  if (res.status === 429 && remaining === 0 && resetAt) return Math.max(0, resetAt.getTime() - nowMs);
  return undefined;
}

let defaultClient: HttpClient | undefined;

/** The app's HTTP client (real fetch, real sleep, the `http` logger). */
export function http(): HttpClient {
  defaultClient ??= createHttpClient();
  return defaultClient;
}

/** `http().request(url, options)`: the one way Switchboard calls a provider. */
export function httpRequest(url: string, options?: HttpRequestOptions): Promise<HttpResponse> {
  return http().request(url, options);
}

/** `http().requestJson(url, schema, options)`. */
export function httpJson<S extends z.ZodType>(url: string, schema: S, options?: HttpRequestOptions): Promise<z.output<S>> {
  return http().requestJson(url, schema, options);
}
