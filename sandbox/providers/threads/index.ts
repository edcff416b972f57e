/**
 * Threads (its own app id/secret): threads.net/oauth/authorize, graph.threads.net
 * oauth/access_token, access_token (th_exchange_token), refresh_access_token, v1.0/me,
 * {id}/threads (media_type required; text ≤ 500 with emoji counted by their UTF-8 bytes; image_url
 * downloaded and sniffed), threads_publish, container status, threads_publishing_limit.
 */
import { pictureUrl } from "../cdn";
import { authorizeRoutes } from "../../core/authorize";
import { avatarUrl } from "../../core/avatar";
import { renderErrorPage } from "../../core/consent";
import { json, param } from "../../core/http";
import type { Route, SandboxContext, SandboxModule, SandboxRequest } from "../../core/types";
import { E, metaError, metaRateLimited, metaUsageHeaders } from "../meta/errors";
import { authenticate, requireScope, respondNode, type Caller } from "../meta/graph";
import { THREADS, THREADS_SCOPES } from "./fixtures";
import { createThreadsState, downloadThreadsImage, threadsContainerNode, publishThread, quotaUsage, TEXT_MAX, threadsTextLength, THREADS_QUOTA, type ThreadsState } from "./publishing";

const HOST = "graph.threads.net";
export const THREADS_BRAND = { name: "Threads", color: "#000000" };
const SHORT_S = 3600;
const LONG_S = 5_184_000;

const thErr = (message: string, code = 100, subcode?: number) => metaError(400, { message, type: "THApiException", code, error_subcode: subcode });

function issue(ctx: SandboxContext, clientId: string, userId: string, scopes: string[], longLived: boolean) {
  return ctx.oauth.issueToken({ provider: "threads", clientId, userId, scopes, ttlMs: (longLived ? LONG_S : SHORT_S) * 1000, extra: { longLived }, prefix: "THAA" });
}

function exchangeCode(req: SandboxRequest, ctx: SandboxContext): Response {
  const app = ctx.oauth.getApp(param(req, "client_id"), "threads");
  if (!app) return metaError(400, { message: "Error validating application. Invalid application ID.", code: 101 });
  if (!ctx.oauth.secretMatches(app, param(req, "client_secret"))) return metaError(400, { message: "Error validating client secret.", code: 1 });
  if ((param(req, "grant_type") ?? "authorization_code") !== "authorization_code") return E.param("Unsupported grant_type");
  const r = ctx.oauth.redeemCode(param(req, "code"), { provider: "threads", clientId: app.clientId, redirectUri: param(req, "redirect_uri") ?? null });
  if (!r.ok) {
    if (r.reason === "redirect_mismatch") return metaError(400, { message: "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request", code: 100, error_subcode: 36008 });
    if (r.reason === "used") return metaError(400, { message: "This authorization code has been used.", code: 100, error_subcode: 36009 });
    if (r.reason === "expired") return metaError(400, { message: "This authorization code has expired.", code: 100, error_subcode: 36007 });
    return metaError(400, { message: "Invalid verification code format.", code: 100, error_subcode: 36009 });
  }
  const t = issue(ctx, app.clientId, r.code.userId, r.code.scopes, false);
  return json({ access_token: t.token, user_id: r.code.userId });
}

function longLived(req: SandboxRequest, ctx: SandboxContext, grant: "th_exchange_token" | "th_refresh_token"): Response {
  if (param(req, "grant_type") !== grant) return E.param(`Unsupported grant_type; use ${grant}`);
  const caller = authenticate(req, ctx, "threads");
  if (caller instanceof Response) return caller;
  const t = caller.token;
  if (grant === "th_exchange_token") {
    if (!ctx.oauth.secretMatches(caller.app, param(req, "client_secret"))) return metaError(400, { message: "Error validating client secret.", code: 1 });
    if (t.extra.longLived) return E.param("The access token is already long-lived; use refresh_access_token.");
  } else {
    if (!t.extra.longLived) return E.param("Short-lived access tokens cannot be refreshed. Exchange it for a long-lived token first (th_exchange_token).");
    if (ctx.clock.now() - t.issuedAt < 24 * 3_600_000) return E.param("The access token must be at least 24 hours old before it can be refreshed.");
  }
  const next = issue(ctx, t.clientId, t.userId, t.scopes, true);
  return json({ access_token: next.token, token_type: "bearer", expires_in: LONG_S });
}

function selfCaller(req: SandboxRequest, ctx: SandboxContext, scopes: string[]): Caller | Response {
  const caller = authenticate(req, ctx, "threads", { aboutMe: req.params.id === "me" });
  if (caller instanceof Response) return caller;
  const id = req.params.id ?? "me";
  if (id !== "me" && id !== caller.token.userId) return E.unsupported(req.method, id);
  for (const s of scopes) {
    const denied = requireScope(caller, [s]);
    if (denied) return denied;
  }
  return caller;
}

const v = (req: SandboxRequest) => (req.params.version === "v1.0" ? undefined : E.unknownPath(`/${req.params.version}`));
const route = (method: Route["method"], path: string, handler: Route["handler"]): Route => ({
  method,
  host: HOST,
  path: `/:version${path.replace(/\{(\w+)\}/g, ":$1")}`,
  label: `${HOST} ${method} ${path}`,
  handler: (req, ctx) => v(req) ?? handler(req, ctx),
});

export const threadsModule: SandboxModule<ThreadsState> = {
  name: "threads",
  createState: createThreadsState,
  routes: [],
  errors: {
    serverError: () => E.serverError(),
    rateLimited: (req, info) => metaRateLimited(req, info),
    usageHeaders: (req, info) => metaUsageHeaders(req, info),
  },
  users: () => THREADS.users.map((u) => ({ id: u.id, name: u.name, username: `@${u.username}`, scenario: u.scenario })),
};

const stateOf = (ctx: SandboxContext) => ctx.state(threadsModule);

threadsModule.routes.push(
  ...authorizeRoutes({
    provider: "threads",
    brand: THREADS_BRAND,
    host: ["threads.net", "www.threads.net", "threads.com", "www.threads.com"],
    path: "/oauth/authorize",
    label: "threads.net /oauth/authorize",
    scopeSeparator: /[,\s]+/,
    codeTtlMs: 3_600_000,
    codePrefix: "AQ",
    deniedParams: { error: "access_denied", error_reason: "user_denied", error_description: "Permissions error" },
    redirectHash: "_",
    describeScope: (s) => THREADS_SCOPES[s],
    users: (req) => THREADS.users.map((u) => ({ id: u.id, name: `@${u.username}`, detail: u.name, avatarUrl: avatarUrl(req.sandboxUrl, u.id, u.name) })),
    validate: (q) => {
      const unknown = q.scopes.filter((s) => !(s in THREADS_SCOPES));
      if (unknown.length) return { page: renderErrorPage(THREADS_BRAND, "Invalid Scopes", `Invalid Scopes: ${unknown.join(", ")}.`) };
      if (!q.scopes.includes("threads_basic")) return { page: renderErrorPage(THREADS_BRAND, "Invalid Scopes", "The threads_basic scope is required.") };
      return undefined;
    },
  }),
  { method: "POST", host: HOST, path: "/oauth/access_token", label: `${HOST} POST /oauth/access_token`, handler: exchangeCode },
  { method: "POST", host: HOST, path: "/:version/oauth/access_token", label: `${HOST} POST /oauth/access_token`, handler: exchangeCode },
  { method: "GET", host: HOST, path: "/access_token", label: `${HOST} GET /access_token`, handler: (req, ctx) => longLived(req, ctx, "th_exchange_token") },
  { method: "GET", host: HOST, path: "/refresh_access_token", label: `${HOST} GET /refresh_access_token`, handler: (req, ctx) => longLived(req, ctx, "th_refresh_token") },
  route("GET", "/me", (req, ctx) => {
    const caller = selfCaller(req, ctx, ["threads_basic"]);
    if (caller instanceof Response) return caller;
    const u = THREADS.user(caller.token.userId)!;
    return respondNode(req, { __type: "ThreadsUser", id: u.id, username: u.username, name: u.name, threads_profile_picture_url: pictureUrl("instagram", u.id, u.name), threads_biography: u.biography }, ["id"]);
  }),
  route("GET", "/{id}", (req, ctx) => {
    const caller = authenticate(req, ctx, "threads");
    if (caller instanceof Response) return caller;
    const id = req.params.id!;
    const s = stateOf(ctx);
    const c = s.containers.get(id);
    if (c && c.ownerId === caller.token.userId) return respondNode(req, threadsContainerNode(c, ctx.clock.now()), ["id"]);
    const p = s.posts.get(id);
    if (p && p.ownerId === caller.token.userId) return respondNode(req, { __type: "ThreadsMedia", id: p.id, text: p.text, media_type: p.mediaType, permalink: p.permalink, timestamp: p.timestamp, username: THREADS.user(p.ownerId)?.username }, ["id"]);
    const u = THREADS.user(id);
    if (u && id === caller.token.userId) return respondNode(req, { __type: "ThreadsUser", id: u.id, username: u.username, name: u.name }, ["id"]);
    return E.unsupported("GET", id);
  }),
  route("POST", "/{id}/threads", async (req, ctx) => {
    const caller = selfCaller(req, ctx, ["threads_basic", "threads_content_publish"]);
    if (caller instanceof Response) return caller;
    const rawType = param(req, "media_type");
    if (!rawType) return thErr("The parameter media_type is required.");
    const mediaType = rawType.toUpperCase();
    const text = param(req, "text") ?? "";
    if (!["TEXT", "IMAGE"].includes(mediaType)) return thErr(`Param media_type must be one of {TEXT, IMAGE} in the sandbox - got "${rawType}".`);
    const length = threadsTextLength(text);
    if (length > TEXT_MAX) return thErr(`Param text must be at most ${TEXT_MAX} characters long (emoji count their UTF-8 bytes); this one counts ${length}.`, 100, 4279001);
    if (mediaType === "TEXT" && !text) return thErr("Param text is required for TEXT posts.");
    const imageUrl = param(req, "image_url");
    let errorMessage: string | undefined;
    if (mediaType === "IMAGE") {
      if (!imageUrl) return thErr("Param image_url is required for IMAGE posts.");
      if (!/^https?:\/\/[^/]/i.test(imageUrl) || !URL.canParse(imageUrl)) return thErr("Param image_url must be a valid URL.");
      errorMessage = await downloadThreadsImage(ctx, req.sandboxUrl, imageUrl);
    }
    const s = stateOf(ctx);
    s.seq += 1;
    const id = `1801${String(s.seq).padStart(13, "0")}`;
    s.containers.set(id, { id, ownerId: caller.token.userId, mediaType: mediaType as "TEXT" | "IMAGE", text, imageUrl, createdAt: ctx.clock.now(), published: false, errorMessage });
    return json({ id });
  }),
  route("POST", "/{id}/threads_publish", (req, ctx) => {
    const caller = selfCaller(req, ctx, ["threads_basic", "threads_content_publish"]);
    return caller instanceof Response ? caller : publishThread(stateOf(ctx), ctx, req, caller.token.userId);
  }),
  route("GET", "/{id}/threads_publishing_limit", (req, ctx) => {
    const caller = selfCaller(req, ctx, ["threads_basic"]);
    if (caller instanceof Response) return caller;
    const usage = quotaUsage(stateOf(ctx), caller.token.userId, ctx.clock.now());
    return json({ data: [{ quota_usage: usage, config: { quota_total: THREADS_QUOTA, quota_duration: 86400 } }] });
  }),
);

export default threadsModule;
