/**
 * The sandbox's internal contract. Each provider lives in `sandbox/providers/<name>/` and
 * exports a `SandboxModule`; `sandbox/core/server.ts` mounts every module's routes under
 * `/<host>/<path>` (the SANDBOX_URL contract in DESIGN.md) and the control API under `/__sandbox/`.
 *
 * Handlers use the web-standard Request/Response, so they are plain async functions that
 * tests can call without a socket.
 */

export interface SandboxRequest {
  method: string;
  /** Provider host the request was meant for, e.g. "graph.facebook.com". */
  host: string;
  /** Path on that host, starting with "/", without the query. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** Raw body bytes (empty for GET). */
  body: Buffer;
  /** Body parsed as application/x-www-form-urlencoded (empty when not a form). */
  form: URLSearchParams;
  /** Body parsed as JSON, or undefined when not JSON. */
  json: unknown;
  /** Named parameters captured by the route pattern (":id" segments). */
  params: Record<string, string>;
  /** The sandbox's own public base URL (e.g. http://127.0.0.1:4010), for links it renders. */
  sandboxUrl: string;
  /** Files of a multipart/form-data body, by field name (text fields are in `form`). */
  files?: Record<string, UploadedFile[]>;
}

export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  /** One host or several (e.g. ["api.x.com", "api.twitter.com"]). */
  host: string | string[];
  /**
   * Path pattern: literal segments and ":name" segments, e.g. "/:version/:pageId/feed".
   * A segment ":name*" captures the rest of the path.
   */
  path: string;
  /** A stable label for stats, e.g. "graph.facebook.com GET /{page}/feed". Defaults to host+path. */
  label?: string;
  handler: (req: SandboxRequest, ctx: SandboxContext) => Promise<Response> | Response;
}

/** Global and per-route behaviour knobs, set through the control API or in fixtures. */
export interface Knobs {
  /** Added latency in milliseconds for every provider request. */
  latencyMs: number;
  /** Probability 0..1 that a provider request answers with the provider's 5xx. */
  failureRate: number;
  /** After this many requests to one route label (since reset), answer with the provider's 429. */
  rateLimitAfter: number | null;
  /** Length of the rate-limit window on the sandbox clock (default 15 minutes). */
  rateLimitWindowMs?: number;
  /**
   * Which requests to one route label, counted from 1 since the knobs were last set, answer the
   * provider's 5xx (e.g. `[2]`: the second tweet of a thread fails once, the rest go through).
   */
  failRequests?: number[];
  /**
   * Meta's "Require App Secret" app setting: Graph calls on graph.facebook.com and
   * graph.instagram.com made with a user or Page token must carry `appsecret_proof`
   * (default on, as the README tells users to turn it on; `false` accepts calls without it).
   */
  requireAppSecretProof?: boolean;
}

export interface Clock {
  /** Current sandbox time in ms; real time plus whatever `/__sandbox/clock` advanced. */
  now(): number;
  advance(ms: number): void;
  reset(): void;
}

/** Everything the sandbox recorded that tests and people may inspect. */
export interface PublishedPost {
  platform: "facebook" | "instagram" | "threads" | "x" | "linkedin" | "telegram";
  /** Account, page, organization or chat the post went to. */
  target: string;
  id: string;
  text: string;
  media: string[];
  at: string;
}

export interface SentMessage {
  platform: "messenger" | "instagram";
  from: string;
  to: string;
  id: string;
  text: string;
  at: string;
}

export interface SandboxContext {
  clock: Clock;
  /** The knobs in effect for this request (global, per-host/label overrides, request headers). */
  knobs: Knobs;
  /** Registered apps, codes and tokens shared by every module (see core/oauth.ts). */
  oauth: OAuthStore;
  /** Origins the app runs on (SANDBOX_APP_ORIGINS); registered redirect URIs derive from them. */
  appOrigins: string[];
  recordPost(post: Omit<PublishedPost, "at">): PublishedPost;
  recordMessage(message: Omit<SentMessage, "at">): SentMessage;
  /** Per-module mutable state, created by the module's `createState` and dropped on reset. */
  state<S>(module: SandboxModule<S>): S;
  /** Serve a request through the whole sandbox (knobs and stats included), e.g. for Graph batch. */
  dispatch(request: Request): Promise<Response>;
  /** Everything recorded so far (control API, tests). */
  posts(): PublishedPost[];
  messages(): SentMessage[];
  /** Email the sandbox's SMTP server received, oldest first. */
  mailbox(): MailMessage[];
}

/** Details the core passes to a module's error shapes. */
export interface RateLimitInfo {
  limit: number;
  /** Requests seen on this route label since reset, including this one. */
  count: number;
  /** When the window resets, ms since epoch on the sandbox clock. */
  resetAt: number;
  /** The sandbox clock's now, for Retry-After style headers. */
  now: number;
}

export interface ModuleErrors {
  /** The provider's 5xx (failure-rate knob). */
  serverError(req: SandboxRequest): Response;
  /** The provider's 429 with its rate-limit headers (rate-limit knob). */
  rateLimited(req: SandboxRequest, info: RateLimitInfo): Response;
  /** No route matched on one of the module's hosts (defaults to a sandbox 404). */
  notFound?(req: SandboxRequest): Response;
  /**
   * Usage headers the provider adds to its successful answers while a rate-limit knob counts the
   * route's calls (Meta's X-App-Usage / X-Business-Use-Case-Usage percentages, 100 = throttled next).
   */
  usageHeaders?(req: SandboxRequest, info: RateLimitInfo): Record<string, string>;
}

/** A sandbox account shown on the index page (`GET /`) and in the README. */
export interface ScenarioUser {
  id: string;
  name: string;
  username?: string;
  /** What this user demonstrates, e.g. "60 Pages (forces paging)". */
  scenario: string;
}

export interface ModuleInit {
  clock: Clock;
  appOrigins: string[];
  sandboxUrl: string;
}

export interface SandboxModule<S = unknown> {
  name: string;
  /** Called at start and on every reset. */
  createState(init: ModuleInit): S;
  routes: Route[];
  /** How this provider's errors look; the core uses them for the failure and rate-limit knobs. */
  errors?: ModuleErrors;
  /** Extra control routes, mounted under `/__sandbox/` (host is ignored; use "sandbox"). */
  control?: Route[];
  /** Sandbox users to list on the index page. */
  users?(): ScenarioUser[];
  /** Module-specific parts of `GET /__sandbox/posts`-like inspection, e.g. subscriptions. */
  inspect?(state: S): Record<string, unknown>;
}

// Imported at the bottom to keep the contract readable; the store lives in core/oauth.ts.
import type { MailMessage } from "./mail";
import type { OAuthStore } from "./oauth";
