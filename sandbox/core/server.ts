/**
 * The sandbox server: mounts every module's routes under `/<host>/<path>`, the control API
 * under `/__sandbox/`, applies the knobs and counts requests per route label.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { redactUrlForLog } from "../../lib/http/redact";
import { defaultApps } from "./apps";
import { createClock } from "./clock";
import { controlRoutes, type ControlHost } from "./control";
import { json, knownBodyText, sleep } from "./http";
import { OAuthStore } from "./oauth";
import { routeLabel, Router } from "./router";
import { parseMail, type MailMessage } from "./mail";
import type { SmtpEnvelope } from "./smtp";
import type { Knobs, ModuleInit, RateLimitInfo, PublishedPost, SandboxContext, SandboxModule, SandboxRequest, SentMessage, UploadedFile } from "./types";

export interface SandboxOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  modules: SandboxModule<any>[];
  /** Public base URL of the sandbox, e.g. http://127.0.0.1:4010 (used in links it renders). */
  sandboxUrl: string;
  /** Origins the app runs on; redirect URIs are registered for each. */
  appOrigins: string[];
  /** Base clock (tests pin it); the control API adds its offset on top. */
  now?: () => number;
  /** How the latency knob waits (tests record it instead of waiting on the wall clock); default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Called once per request with a one-line summary. */
  log?: (line: string) => void;
}

export interface Sandbox {
  handle(req: Request): Promise<Response>;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  /** Back to defaults: state, clock, knobs, stats, recorded posts, messages and mail. */
  reset(): void;
  /** Puts a message the SMTP server accepted in the mailbox (see core/smtp.ts). */
  receiveMail(envelope: SmtpEnvelope, raw: string): MailMessage;
  /** The shared context (tests may inspect state or the OAuth store). */
  context: SandboxContext;
  /**
   * A barrier for concurrency tests: requests to the route `label` (as in stats) wait, after being
   * counted, until `release()`; `arrived(n)` resolves once n of them are waiting.
   */
  hold(label: string): SandboxHold;
}

export interface SandboxHold {
  /** How many requests have reached the barrier. */
  readonly count: number;
  arrived(n: number): Promise<void>;
  /** Lets every waiting and later request through, and removes the barrier. */
  release(): void;
}

export const DEFAULT_KNOBS: Knobs = { latencyMs: 0, failureRate: 0, rateLimitAfter: null, rateLimitWindowMs: 15 * 60_000, requireAppSecretProof: true };

/** Knobs settable through the control API: the globals plus overrides keyed by host or route label. */
export interface KnobSettings extends Knobs {
  overrides: Record<string, Partial<Knobs>>;
}

interface RateWindow {
  start: number;
  count: number;
}

const HEADER_KNOBS: Array<[string, keyof Knobs]> = [
  ["x-sandbox-latency-ms", "latencyMs"],
  ["x-sandbox-failure-rate", "failureRate"],
  ["x-sandbox-rate-limit-after", "rateLimitAfter"],
];

export function createSandbox(options: SandboxOptions): Sandbox {
  const { modules, sandboxUrl, appOrigins } = options;
  const clock = createClock(options.now);
  const wait = options.sleep ?? sleep;
  const router = new Router();
  const moduleOfRoute = new Map<object, SandboxModule<unknown>>();
  const moduleOfHost = new Map<string, SandboxModule<unknown>>();
  for (const m of modules) {
    router.add(m.routes);
    for (const r of m.routes) {
      moduleOfRoute.set(r, m);
      for (const h of Array.isArray(r.host) ? r.host : [r.host]) moduleOfHost.set(h, m);
    }
  }

  let states = new Map<SandboxModule<unknown>, unknown>();
  let posts: PublishedPost[] = [];
  let messages: SentMessage[] = [];
  let mailbox: MailMessage[] = [];
  let mailSeq = 0;
  let knobs: KnobSettings = { ...DEFAULT_KNOBS, overrides: {} };
  let stats = new Map<string, number>();
  let rate = new Map<string, RateWindow>();
  /** Requests per route label since the knobs were last set (for `failRequests`). */
  let calls = new Map<string, number>();
  let statsSince = clock.now();
  let oauth = new OAuthStore(clock);
  const init: ModuleInit = { clock, appOrigins, sandboxUrl };

  const context: SandboxContext = {
    clock,
    get knobs() {
      return knobs;
    },
    get oauth() {
      return oauth;
    },
    appOrigins,
    recordPost(post) {
      const p = { ...post, at: new Date(clock.now()).toISOString() };
      posts.push(p);
      return p;
    },
    recordMessage(message) {
      const m = { ...message, at: new Date(clock.now()).toISOString() };
      messages.push(m);
      return m;
    },
    state<S>(module: SandboxModule<S>): S {
      const m = module as SandboxModule<unknown>;
      if (!states.has(m)) states.set(m, m.createState(init));
      return states.get(m) as S;
    },
    dispatch: (request) => {
      batched.add(request);
      return handle(request);
    },
    posts: () => posts,
    messages: () => messages,
    mailbox: () => mailbox,
  };

  function reset(): void {
    clock.reset();
    oauth = new OAuthStore(clock);
    for (const app of defaultApps(appOrigins)) oauth.registerApp(app);
    states = new Map();
    for (const m of modules) states.set(m, m.createState(init));
    posts = [];
    messages = [];
    mailbox = [];
    knobs = { ...DEFAULT_KNOBS, overrides: {} };
    stats = new Map();
    rate = new Map();
    calls = new Map();
    statsSince = clock.now();
  }
  reset();

  const control: ControlHost = {
    context: () => context,
    modules,
    stats: () => ({ since: new Date(statsSince).toISOString(), counts: Object.fromEntries(stats) }),
    getKnobs: () => knobs,
    setKnobs(next) {
      knobs = { ...knobs, ...next, overrides: { ...knobs.overrides, ...(next.overrides ?? {}) } };
      rate = new Map();
      calls = new Map();
    },
    reset,
  };
  const controlRouter = new Router();
  controlRouter.add(controlRoutes(control));
  for (const m of modules) if (m.control) controlRouter.add(m.control.map((r) => ({ ...r, host: "__sandbox" })));

  function effectiveKnobs(host: string, label: string, headers: Headers): Knobs {
    const k: Knobs = { ...knobs, ...(knobs.overrides[host] ?? {}), ...(knobs.overrides[label] ?? {}) };
    for (const [header, key] of HEADER_KNOBS) {
      const v = headers.get(header);
      if (v === null) continue;
      (k as unknown as Record<string, unknown>)[key] = v === "" || v === "null" ? null : Number(v);
    }
    return k;
  }

  /**
   * Requests a batch endpoint dispatches for its parts: they ride on the batch's one HTTP round
   * trip, so they add no latency and no `stats` entry (benchmarks count HTTP requests), but they
   * still count toward rate limits, as each part of a Graph batch does.
   */
  const batched = new WeakSet<Request>();

  async function handle(request: Request): Promise<Response> {
    const started = Date.now();
    let res: Response;
    const url = new URL(request.url);
    try {
      res = await route(request, url);
    } catch (err) {
      console.error("[sandbox] handler error", err);
      res = json({ error: "sandbox_internal_error", message: String(err) }, 500);
    }
    options.log?.(`${request.method} ${redactUrlForLog(`${url.pathname}${url.search}`).slice(0, url.pathname.length + 81)} → ${res.status} (${Date.now() - started} ms)`);
    return res;
  }

  async function route(request: Request, url: URL): Promise<Response> {
    const parts = url.pathname.split("/");
    const host = parts[1] ?? "";
    const path = "/" + parts.slice(2).join("/");

    if (host === "__sandbox" || host === "") {
      const m = controlRouter.match(request.method, "__sandbox", host === "" ? "/" : path);
      if (!("route" in m)) return json({ error: "not_found", message: `No control route ${request.method} ${url.pathname}` }, 404);
      const sreq = await toSandboxRequest(request, url, "__sandbox", host === "" ? "/" : path, m.params, sandboxUrl);
      return m.route.handler(sreq, context);
    }

    const module = moduleOfHost.get(host);
    if (!module) {
      return json({ error: "sandbox_unknown_host", message: `The sandbox does not emulate ${host}.`, hosts: [...moduleOfHost.keys()] }, 404);
    }
    const m = router.match(request.method, host, path);
    const params = "route" in m ? m.params : {};
    const label = "route" in m ? routeLabel(m.route, host) : `${host} ${request.method} (unmatched)`;
    const part = batched.has(request);
    if (!part) stats.set(label, (stats.get(label) ?? 0) + 1);
    const sreq = await toSandboxRequest(request, url, host, path, params, sandboxUrl);
    const k = effectiveKnobs(host, label, request.headers);
    const ctx: SandboxContext = Object.create(context, { knobs: { value: k } });

    if (k.latencyMs > 0 && !part) await wait(k.latencyMs);
    const barrier = holds.get(label);
    if (barrier) {
      barrier.count++;
      for (const w of barrier.waiters.filter((x) => barrier.count >= x.n)) w.resolve();
      await barrier.gate;
    }
    let usage: RateLimitInfo | undefined;
    if (k.rateLimitAfter !== null && k.rateLimitAfter !== undefined && !Number.isNaN(k.rateLimitAfter)) {
      const windowMs = k.rateLimitWindowMs ?? DEFAULT_KNOBS.rateLimitWindowMs!;
      const now = clock.now();
      let w = rate.get(label);
      if (!w || now - w.start >= windowMs) rate.set(label, (w = { start: now, count: 0 }));
      w.count++;
      usage = { limit: k.rateLimitAfter, count: w.count, resetAt: w.start + windowMs, now };
      if (w.count > k.rateLimitAfter) return module.errors?.rateLimited(sreq, usage) ?? defaultRateLimited(usage);
    }
    const nth = (calls.get(label) ?? 0) + 1;
    calls.set(label, nth);
    if ((k.failRequests?.includes(nth) ?? false) || (k.failureRate > 0 && Math.random() < k.failureRate)) {
      return module.errors?.serverError(sreq) ?? json({ error: "server_error", message: "Sandbox injected failure" }, 503);
    }
    if (!("route" in m)) {
      if (module.errors?.notFound) return module.errors.notFound(sreq);
      return json({ error: "not_found", message: `The sandbox has no route ${request.method} ${host}${path}` }, m.methodMismatch ? 405 : 404);
    }
    const res = await m.route.handler(sreq, ctx);
    const extra = usage && res.ok ? module.errors?.usageHeaders?.(sreq, usage) : undefined;
    if (!extra) return res;
    const headers = new Headers(res.headers);
    for (const [name, value] of Object.entries(extra)) headers.set(name, value);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }

  const holds = new Map<string, { count: number; gate: Promise<void>; open: () => void; waiters: Array<{ n: number; resolve: () => void }> }>();
  function hold(label: string): SandboxHold {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const h = { count: 0, gate, open, waiters: [] as Array<{ n: number; resolve: () => void }> };
    holds.set(label, h);
    return {
      get count() {
        return h.count;
      },
      arrived: (n) => (h.count >= n ? Promise.resolve() : new Promise<void>((resolve) => h.waiters.push({ n, resolve }))),
      release() {
        holds.delete(label);
        h.open();
      },
    };
  }

  let server: Server | undefined;

  return {
    handle,
    reset,
    context,
    hold,
    receiveMail(envelope, raw) {
      const message = parseMail(`m${++mailSeq}`, envelope, raw, new Date(clock.now()));
      mailbox.push(message);
      return message;
    },
    listen(port, host = "127.0.0.1") {
      server = createServer((req, res) => void serveNode(req, res, handle));
      return new Promise((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, host, () => {
          const addr = server!.address();
          const actual = typeof addr === "object" && addr ? addr.port : port;
          resolve({ port: actual, url: `http://${host}:${actual}` });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}

function defaultRateLimited(info: { limit: number; resetAt: number; now: number }): Response {
  const retry = Math.max(1, Math.ceil((info.resetAt - info.now) / 1000));
  return json({ error: "rate_limited", message: "Sandbox rate limit" }, 429, { "retry-after": String(retry) });
}

async function toSandboxRequest(
  request: Request,
  url: URL,
  host: string,
  path: string,
  params: Record<string, string>,
  sandboxUrl: string,
): Promise<SandboxRequest> {
  const body = request.method === "GET" || request.method === "HEAD" ? Buffer.alloc(0) : (receivedBodies.get(request) ?? Buffer.from(await request.arrayBuffer()));
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  let form = new URLSearchParams();
  let json: unknown;
  let files: Record<string, UploadedFile[]> | undefined;
  if (type.startsWith("application/x-www-form-urlencoded")) form = new URLSearchParams(body.toString("utf8"));
  else if (type.includes("json")) {
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      json = undefined;
    }
  } else if (type.startsWith("multipart/form-data") && body.length > 0) {
    files = {};
    try {
      const fd = await new Response(body, { headers: { "content-type": type } }).formData();
      for (const [name, value] of fd.entries()) {
        if (typeof value === "string") form.append(name, value);
        else (files[name] ??= []).push({ filename: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
      }
    } catch {
      // A malformed multipart body reaches the handler empty, as a provider would see it.
    }
  }
  return { method: request.method, host, path, query: url.searchParams, headers: request.headers, body, form, json, params, sandboxUrl, files };
}

/**
 * The bytes an HTTP request arrived with, beside its Request (made without a body): the server has
 * them in hand already, and a web body stream per request, only to be read back into bytes, was a
 * good part of the sandbox's CPU per request (bench/publish.bench.ts). Requests made in-process
 * (`handle`, batch parts) carry their body as usual.
 */
const receivedBodies = new WeakMap<Request, Buffer<ArrayBuffer>>();

async function serveNode(req: IncomingMessage, res: ServerResponse, handle: (r: Request) => Promise<Response>): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
      else if (v !== undefined) headers.set(k, v);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, { method: req.method, headers });
    if (hasBody) receivedBodies.set(request, Buffer.concat(chunks));
    const response = await handle(request);
    const out: Record<string, string | string[]> = {};
    response.headers.forEach((v, k) => {
      if (k !== "set-cookie") out[k] = v;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
    res.writeHead(response.status, out);
    res.end(req.method === "HEAD" ? undefined : (knownBodyText(response) ?? Buffer.from(await response.arrayBuffer())));
  } catch (err) {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "sandbox_internal_error", message: String(err) }));
  }
}
