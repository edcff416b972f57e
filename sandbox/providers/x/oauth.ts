/**
 * X OAuth 2.0 (authorization code + PKCE): the consent dialog at x.com / twitter.com
 * `/i/oauth2/authorize`, and `/2/oauth2/token` + `/2/oauth2/revoke` at api.x.com / api.twitter.com.
 * The sandbox app is a confidential client: the token endpoint wants HTTP Basic credentials.
 */
import { avatarUrl } from "../../core/avatar";
import { authorizeRoutes, type AuthorizeProblem } from "../../core/authorize";
import { renderErrorPage } from "../../core/consent";
import { json } from "../../core/http";
import type { RegisteredApp } from "../../core/oauth";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { X_USERS } from "./fixtures";
import { oauthError } from "./respond";

export const PROVIDER = "x";
export const API_HOSTS = ["api.x.com", "api.twitter.com"];
export const ACCESS_TTL_S = 7200;
/** X authorization codes are short-lived: exchange them right away. */
export const CODE_TTL_MS = 30_000;

export const SCOPES: Record<string, string> = {
  "tweet.read": "See posts from your timeline, including protected posts",
  "tweet.write": "Post and repost for you",
  "users.read": "Any account you can view, including protected accounts",
  "offline.access": "Stay connected to your account until you revoke access",
  "media.write": "Upload media for you",
  "follows.read": "People who follow you and people who you follow",
  "like.read": "Posts you've liked and likes you can view",
};

const BRAND = { name: "X", color: "#000000" };

function errorPage(reason: string): AuthorizeProblem {
  return {
    page: renderErrorPage(BRAND, "Something went wrong", `You weren't able to give access to the App. Go back and try logging in again. (${reason})`),
  };
}

/** X's opaque tokens decode to `<random>:<issued ms>:1:<n>:<at|rt>:1`. */
function xToken(kind: "at" | "rt", now: number): string {
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
  return Buffer.from(`${random}:${now}:1:1:${kind}:1`).toString("base64url");
}

export const authorize: Route[] = authorizeRoutes({
  provider: PROVIDER,
  brand: BRAND,
  host: ["x.com", "twitter.com"],
  path: "/i/oauth2/authorize",
  label: "x.com /i/oauth2/authorize",
  scopeSeparator: /\s+/,
  users: (req) => X_USERS.map((u) => ({ id: u.id, name: u.name, detail: `@${u.username}`, avatarUrl: avatarUrl(req.sandboxUrl, `x-${u.id}`, u.name) })),
  validate(q) {
    if (q.raw.get("response_type") !== "code") return errorPage("response_type must be code");
    if (!q.state) return errorPage("state is required");
    if (!q.raw.get("code_challenge")) return errorPage("code_challenge is required");
    if (q.raw.get("code_challenge_method") !== "S256") return errorPage("code_challenge_method must be S256");
    if (q.scopes.length === 0) return errorPage("scope is required");
    const unknown = q.scopes.filter((s) => !(s in SCOPES));
    if (unknown.length) return errorPage(`unknown scope ${unknown.join(", ")}`);
    return undefined;
  },
  describeScope: (s) => SCOPES[s],
  codeTtlMs: CODE_TTL_MS,
  deniedParams: { error: "access_denied" },
  messages: {
    invalidClient: "You weren't able to give access to the App. Go back and try logging in again. (unknown client_id)",
    invalidRedirect: "You weren't able to give access to the App. Go back and try logging in again. (redirect_uri does not match the app's callback URLs)",
  },
});

/** The app named by `Authorization: Basic`, if the credentials are right. */
function basicClient(req: SandboxRequest, ctx: SandboxContext): RegisteredApp | undefined {
  const m = /^Basic\s+(.+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const sep = decoded.indexOf(":");
  if (sep < 0) return undefined;
  const id = decodeURIComponent(decoded.slice(0, sep));
  const app = ctx.oauth.getApp(id, PROVIDER);
  return app && ctx.oauth.secretMatches(app, decodeURIComponent(decoded.slice(sep + 1))) ? app : undefined;
}

const badClient = () => oauthError(401, "unauthorized_client", "Missing valid authorization header");
const invalidToken = () => oauthError(400, "invalid_request", "Value passed for the token was invalid.");

function issue(ctx: SandboxContext, app: RegisteredApp, userId: string, scopes: string[], fromCode?: string): Response {
  const now = ctx.clock.now();
  const access = ctx.oauth.issueToken({
    provider: PROVIDER,
    clientId: app.clientId,
    userId,
    scopes,
    ttlMs: ACCESS_TTL_S * 1000,
    token: xToken("at", now),
    extra: fromCode ? { fromCode } : {},
  });
  const body: Record<string, unknown> = { token_type: "bearer", expires_in: ACCESS_TTL_S, access_token: access.token, scope: scopes.join(" ") };
  if (scopes.includes("offline.access")) {
    const refresh = ctx.oauth.issueRefreshToken({ provider: PROVIDER, clientId: app.clientId, userId, scopes, ttlMs: null, extra: fromCode ? { fromCode } : {} });
    body.refresh_token = refresh.token;
  }
  return json(body);
}

function token(req: SandboxRequest, ctx: SandboxContext): Response {
  const app = basicClient(req, ctx);
  if (!app) return badClient();
  const bodyClient = req.form.get("client_id");
  if (bodyClient && bodyClient !== app.clientId) return badClient();
  const grant = req.form.get("grant_type");
  if (!grant) return oauthError(400, "invalid_request", "Missing required parameter [grant_type].");
  if (grant === "authorization_code") {
    for (const p of ["code", "redirect_uri", "code_verifier"]) {
      if (!req.form.get(p)) return oauthError(400, "invalid_request", `Missing required parameter [${p}].`);
    }
    const r = ctx.oauth.redeemCode(req.form.get("code"), {
      provider: PROVIDER,
      clientId: app.clientId,
      redirectUri: req.form.get("redirect_uri"),
      codeVerifier: req.form.get("code_verifier"),
      requirePkce: true,
    });
    if (!r.ok) {
      if (r.reason === "redirect_mismatch") {
        return oauthError(400, "invalid_request", "Value passed for the redirect uri did not match the uri of the authorization code.");
      }
      if (r.reason === "pkce_mismatch" || r.reason === "pkce_missing") {
        return oauthError(400, "invalid_request", "Value passed for the code verifier did not match the code challenge.");
      }
      return invalidToken();
    }
    return issue(ctx, app, r.code.userId, r.code.scopes, r.code.code);
  }
  if (grant === "refresh_token") {
    const r = ctx.oauth.useRefreshToken(req.form.get("refresh_token"), { provider: PROVIDER, clientId: app.clientId, rotate: true });
    if (!r.ok) return r.reason === "missing" ? oauthError(400, "invalid_request", "Missing required parameter [refresh_token].") : invalidToken();
    return issue(ctx, app, r.refresh.userId, r.refresh.scopes);
  }
  return oauthError(400, "unsupported_grant_type", `Grant type ${grant} is not supported.`);
}

function revoke(req: SandboxRequest, ctx: SandboxContext): Response {
  const app = basicClient(req, ctx);
  if (!app) return badClient();
  const value = req.form.get("token");
  if (!value) return oauthError(400, "invalid_request", "Missing required parameter [token].");
  const access = ctx.oauth.findToken(value);
  if (access && access.clientId === app.clientId) ctx.oauth.revokeToken(value);
  else if (ctx.oauth.useRefreshToken(value, { provider: PROVIDER, clientId: app.clientId, rotate: false }).ok) ctx.oauth.revokeToken(value);
  // X answers the same whether or not the token was live, as RFC 7009 asks.
  return json({ revoked: true });
}

export const tokenRoutes: Route[] = [
  { method: "POST", host: API_HOSTS, path: "/2/oauth2/token", label: "api.x.com POST /2/oauth2/token", handler: token },
  { method: "POST", host: API_HOSTS, path: "/2/oauth2/revoke", label: "api.x.com POST /2/oauth2/revoke", handler: revoke },
];
