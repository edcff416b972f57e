/**
 * Instagram Login: www.instagram.com/oauth/authorize, api.instagram.com/oauth/access_token
 * (form; errors {error_type, code, error_message}), graph.instagram.com access_token
 * (ig_exchange_token) and refresh_access_token (≥ 24 h old, unexpired).
 */
import { authorizeRoutes } from "../../core/authorize";
import { avatarUrl } from "../../core/avatar";
import { renderErrorPage } from "../../core/consent";
import { json, param } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E, metaError } from "../meta/errors";
import { authenticate } from "../meta/graph";
import { IG_LOGIN, IG_LOGIN_SCOPES, RETIRED_SCOPES } from "./fixtures";
import type { InstagramState } from "./state";

export const INSTAGRAM_BRAND = { name: "Instagram", color: "#C13584" };
export const IG_SHORT_LIVED_S = 3600;
export const IG_LONG_LIVED_S = 5_184_000;

const oauthError = (status: number, message: string) => json({ error_type: "OAuthException", code: status, error_message: message }, status);

export const instagramDialogRoutes = authorizeRoutes({
  provider: "instagram",
  brand: INSTAGRAM_BRAND,
  host: ["www.instagram.com", "instagram.com"],
  path: "/oauth/authorize",
  label: "www.instagram.com /oauth/authorize",
  scopeSeparator: /[,\s]+/,
  codeTtlMs: 3_600_000,
  codePrefix: "AQ",
  deniedParams: { error: "access_denied", error_reason: "user_denied", error_description: "The user denied your request." },
  redirectHash: "_",
  note: "Only Instagram professional accounts (business or creator) can use Instagram Login.",
  describeScope: (s) => IG_LOGIN_SCOPES[s],
  users: (req) =>
    IG_LOGIN.accounts.map((a) => ({
      id: a.userId,
      name: `@${a.username}`,
      detail: `${a.name} · ${a.accountType === "BUSINESS" ? "Business" : "Creator"} account`,
      avatarUrl: avatarUrl(req.sandboxUrl, a.userId, a.name),
    })),
  validate: (q) => {
    if ((q.raw.get("response_type") ?? "code") !== "code") return { page: renderErrorPage(INSTAGRAM_BRAND, "Invalid request", "response_type must be code.") };
    const retired = q.scopes.filter((s) => RETIRED_SCOPES.includes(s));
    const unknown = q.scopes.filter((s) => !(s in IG_LOGIN_SCOPES));
    if (unknown.length) {
      const why = retired.length ? ` The scopes ${retired.join(", ")} were renamed to instagram_business_* and no longer work.` : "";
      return { page: renderErrorPage(INSTAGRAM_BRAND, "Invalid Scopes", `Invalid Scopes: ${unknown.join(", ")}.${why}`) };
    }
    if (!q.scopes.includes("instagram_business_basic")) {
      return { page: renderErrorPage(INSTAGRAM_BRAND, "Invalid Scopes", "The instagram_business_basic scope is required.") };
    }
    return undefined;
  },
});

function exchangeCode(req: SandboxRequest, ctx: SandboxContext, stateOf: (ctx: SandboxContext) => InstagramState): Response {
  if (req.method !== "POST") return oauthError(400, "Unsupported method: use POST with a form body");
  const app = ctx.oauth.getApp(req.form.get("client_id"), "instagram");
  if (!app) return oauthError(400, "Invalid platform app");
  if (!ctx.oauth.secretMatches(app, req.form.get("client_secret"))) return oauthError(400, "Error validating client secret.");
  const grant = req.form.get("grant_type");
  if (!grant) return oauthError(400, "Missing required field grant_type");
  if (grant !== "authorization_code") return oauthError(400, "Invalid grant_type: " + grant);
  const redirectUri = req.form.get("redirect_uri");
  if (!redirectUri) return oauthError(400, "Missing required field redirect_uri");
  const r = ctx.oauth.redeemCode(req.form.get("code"), { provider: "instagram", clientId: app.clientId, redirectUri });
  if (!r.ok) {
    if (r.reason === "redirect_mismatch") {
      return oauthError(400, "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request");
    }
    if (r.reason === "expired") return oauthError(400, "This authorization code has expired.");
    return oauthError(400, "Matching code was not found or was already used");
  }
  const account = IG_LOGIN.account(r.code.userId)!;
  const t = ctx.oauth.issueToken({
    provider: "instagram",
    clientId: app.clientId,
    userId: account.userId,
    scopes: r.code.scopes,
    ttlMs: IG_SHORT_LIVED_S * 1000,
    extra: { fromCode: r.code.code, longLived: false },
    prefix: "IGAA",
  });
  const shape = stateOf(ctx).tokenShape ?? (account.flatTokenResponse ? "flat" : "data");
  if (shape === "flat") return json({ access_token: t.token, user_id: Number(account.appScopedId), permissions: r.code.scopes });
  return json({ data: [{ access_token: t.token, user_id: account.appScopedId, permissions: r.code.scopes.join(",") }] });
}

function exchangeLongLived(req: SandboxRequest, ctx: SandboxContext): Response {
  const grant = param(req, "grant_type");
  if (grant !== "ig_exchange_token") return E.param(`Unsupported grant_type: ${grant ?? "(missing)"}; use ig_exchange_token`);
  const caller = authenticate(req, ctx, "instagram", { proofExempt: true });
  if (caller instanceof Response) return caller;
  if (!ctx.oauth.secretMatches(caller.app, param(req, "client_secret"))) return metaError(400, { message: "Error validating client secret.", code: 1 });
  if (caller.token.extra.longLived) return E.param("The access token is already long-lived; use refresh_access_token.");
  const t = ctx.oauth.issueToken({
    provider: "instagram",
    clientId: caller.app.clientId,
    userId: caller.token.userId,
    scopes: caller.token.scopes,
    ttlMs: IG_LONG_LIVED_S * 1000,
    extra: { longLived: true },
    prefix: "IGAA",
  });
  return json({ access_token: t.token, token_type: "bearer", expires_in: IG_LONG_LIVED_S });
}

function refresh(req: SandboxRequest, ctx: SandboxContext): Response {
  const grant = param(req, "grant_type");
  if (grant !== "ig_refresh_token") return E.param(`Unsupported grant_type: ${grant ?? "(missing)"}; use ig_refresh_token`);
  const caller = authenticate(req, ctx, "instagram", { proofExempt: true });
  if (caller instanceof Response) return caller;
  const t = caller.token;
  if (!t.extra.longLived) return E.param("Short-lived access tokens cannot be refreshed. Exchange it for a long-lived token first (ig_exchange_token).");
  if (ctx.clock.now() - t.issuedAt < 24 * 3_600_000) {
    return E.param("The access token must be at least 24 hours old before it can be refreshed.", undefined, { code: 100, error_user_title: "Token too new" });
  }
  const next = ctx.oauth.issueToken({
    provider: "instagram",
    clientId: t.clientId,
    userId: t.userId,
    scopes: t.scopes,
    ttlMs: IG_LONG_LIVED_S * 1000,
    extra: { longLived: true },
    prefix: "IGAA",
  });
  return json({ access_token: next.token, token_type: "bearer", expires_in: IG_LONG_LIVED_S });
}

export function instagramLoginRoutes(stateOf: (ctx: SandboxContext) => InstagramState): Route[] {
  const exchange: Route["handler"] = (req, ctx) => exchangeCode(req, ctx, stateOf);
  return [
    ...instagramDialogRoutes,
    { method: "POST", host: "api.instagram.com", path: "/oauth/access_token", label: "api.instagram.com POST /oauth/access_token", handler: exchange },
    { method: "GET", host: "api.instagram.com", path: "/oauth/access_token", label: "api.instagram.com GET /oauth/access_token", handler: exchange },
    { method: "GET", host: "graph.instagram.com", path: "/access_token", label: "graph.instagram.com GET /access_token", handler: exchangeLongLived },
    { method: "GET", host: "graph.instagram.com", path: "/refresh_access_token", label: "graph.instagram.com GET /refresh_access_token", handler: refresh },
  ];
}
