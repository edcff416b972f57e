/** graph.facebook.com oauth/access_token (code, fb_exchange_token, client_credentials), debug_token, me/permissions. */
import { json, param } from "../../core/http";
import { randomToken, type IssuedToken } from "../../core/oauth";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E, metaError } from "../meta/errors";
import { authenticate, graphRoute } from "../meta/graph";

const HOST = "graph.facebook.com";
export const SHORT_LIVED_S = 3600;
export const LONG_LIVED_S = 5_183_944;

function tokenError(reason: string): Response {
  switch (reason) {
    case "used":
      return metaError(400, { message: "This authorization code has been used.", code: 100, error_subcode: 36009 });
    case "expired":
      return metaError(400, { message: "This authorization code has expired.", code: 100, error_subcode: 36007 });
    case "redirect_mismatch":
      return metaError(400, {
        message: "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
        code: 100,
        error_subcode: 36008,
      });
    default:
      return metaError(400, { message: "Invalid verification code format.", code: 100, error_subcode: 36009 });
  }
}

function accessToken(req: SandboxRequest, ctx: SandboxContext): Response {
  const clientId = param(req, "client_id");
  const grant = param(req, "grant_type");
  const app = ctx.oauth.getApp(clientId, "facebook");
  if (!clientId) return metaError(400, { message: "Missing client_id parameter.", code: 101 });
  if (!app) return metaError(400, { message: "Error validating application. Invalid application ID.", code: 101 });
  if (!ctx.oauth.secretMatches(app, param(req, "client_secret"))) {
    return metaError(400, { message: "Error validating client secret.", code: 1 });
  }

  if (grant === "client_credentials") {
    const t = ctx.oauth.issueToken({ provider: "facebook", kind: "app", clientId: app.clientId, userId: app.clientId, scopes: [], ttlMs: null, token: `${app.clientId}|${randomToken("", 20)}` });
    return json({ access_token: t.token, token_type: "bearer" });
  }

  if (grant === "fb_exchange_token") {
    const check = ctx.oauth.checkToken(param(req, "fb_exchange_token"), "facebook");
    if (!check.ok) {
      if (check.reason === "expired") return E.expiredToken(check.token!.expiresAt!, ctx.clock.now());
      if (check.reason === "revoked") return E.revokedToken(app.clientId);
      return E.malformedToken();
    }
    const old = check.token;
    if (old.clientId !== app.clientId) return metaError(400, { message: "Error validating access token: The token was not issued for this application.", code: 190 });
    if (old.kind === "page") return json({ access_token: old.token, token_type: "bearer" });
    if (old.kind !== "user") return E.param("Invalid fb_exchange_token: an app token cannot be exchanged.");
    const t = ctx.oauth.issueToken({
      provider: "facebook",
      clientId: app.clientId,
      userId: old.userId,
      scopes: old.scopes,
      ttlMs: LONG_LIVED_S * 1000,
      extra: { ...old.extra, longLived: true },
      prefix: "EAA",
    });
    return json({ access_token: t.token, token_type: "bearer", expires_in: LONG_LIVED_S });
  }

  if (grant && grant !== "authorization_code") return E.param(`Unsupported grant_type: ${grant}`);
  const redirectUri = param(req, "redirect_uri");
  if (!redirectUri) return metaError(400, { message: "Missing redirect_uri parameter.", code: 191 });
  const code = param(req, "code");
  if (!code) return E.param("Missing code parameter.");
  const r = ctx.oauth.redeemCode(code, { provider: "facebook", clientId: app.clientId, redirectUri });
  if (!r.ok) return tokenError(r.reason);
  const t = ctx.oauth.issueToken({
    provider: "facebook",
    clientId: app.clientId,
    userId: r.code.userId,
    scopes: r.code.scopes,
    ttlMs: SHORT_LIVED_S * 1000,
    extra: { ...r.code.extra, fromCode: r.code.code, longLived: false },
    prefix: "EAA",
  });
  return json({ access_token: t.token, token_type: "bearer", expires_in: SHORT_LIVED_S });
}

function granularScopes(t: IssuedToken): Array<{ scope: string; target_ids?: string[] }> {
  const targets: Record<string, unknown> = {
    pages: t.extra.grantedPages,
    business_management: t.extra.grantedBusinesses,
    instagram: t.extra.grantedIg,
    ads: t.extra.grantedAdAccounts,
  };
  return t.scopes
    .filter((s) => s !== "public_profile" && s !== "email")
    .map((scope) => {
      const key = scope.startsWith("pages_") ? "pages" : scope.startsWith("instagram_") ? "instagram" : scope.startsWith("ads_") ? "ads" : scope;
      const ids = targets[key];
      return Array.isArray(ids) ? { scope, target_ids: ids as string[] } : { scope };
    });
}

function debugToken(req: SandboxRequest, ctx: SandboxContext): Response {
  const caller = authenticate(req, ctx, "facebook");
  if (caller instanceof Response) return caller;
  const input = param(req, "input_token");
  if (!input) return E.param("The parameter input_token is required");
  const now = ctx.clock.now();
  const pipe = input.match(/^(\d+)\|(.+)$/);
  const pipeApp = pipe ? ctx.oauth.getApp(pipe[1], "facebook") : undefined;
  if (pipe && pipeApp && ctx.oauth.secretMatches(pipeApp, pipe[2])) {
    return json({ data: { app_id: pipeApp.clientId, type: "APP", application: pipeApp.name, is_valid: true, scopes: [] } });
  }
  const t = ctx.oauth.findToken(input);
  if (!t || t.provider !== "facebook") {
    return json({ data: { error: { code: 190, message: "Invalid OAuth access token - Cannot parse access token" }, is_valid: false, scopes: [] } });
  }
  const check = ctx.oauth.checkToken(input, "facebook");
  const app = ctx.oauth.getApp(t.clientId)!;
  const data: Record<string, unknown> = {
    app_id: t.clientId,
    type: t.kind.toUpperCase(),
    application: app.name,
    data_access_expires_at: Math.floor((t.issuedAt + 90 * 86_400_000) / 1000),
    expires_at: t.expiresAt === null ? 0 : Math.floor(t.expiresAt / 1000),
    is_valid: check.ok,
    issued_at: Math.floor(t.issuedAt / 1000),
    scopes: t.scopes,
    granular_scopes: granularScopes(t),
    user_id: t.userId,
  };
  if (t.kind === "page") data.profile_id = t.subjectId;
  if (t.kind === "app") for (const k of ["user_id", "issued_at", "data_access_expires_at", "granular_scopes"]) delete data[k];
  if (!check.ok) {
    data.error =
      check.reason === "expired"
        ? { code: 190, subcode: 463, message: `Error validating access token: Session has expired on ${new Date(t.expiresAt!).toUTCString()}. The current time is ${new Date(now).toUTCString()}.` }
        : { code: 190, subcode: 458, message: `Error validating access token: The user has not authorized application ${t.clientId}.` };
  }
  return json({ data });
}

function permissions(req: SandboxRequest, ctx: SandboxContext): Response {
  const caller = authenticate(req, ctx, "facebook", { aboutMe: true });
  if (caller instanceof Response) return caller;
  if (caller.token.kind !== "user") return E.param("(#100) Permissions can only be read with a user access token");
  const scopes = [...new Set(["public_profile", ...caller.token.scopes])];
  return json({ data: scopes.map((permission) => ({ permission, status: "granted" })) });
}

function revokeAll(req: SandboxRequest, ctx: SandboxContext): Response {
  const caller = authenticate(req, ctx, "facebook", { aboutMe: true });
  if (caller instanceof Response) return caller;
  if (caller.token.kind !== "user") return E.param("(#100) Deauthorizing requires a user access token");
  const { userId, clientId } = caller.token;
  // Removing the app invalidates every user and Page token the user gave it.
  ctx.oauth.revokeWhere((t) => t.provider === "facebook" && t.clientId === clientId && t.userId === userId);
  return json({ success: true });
}

export const tokenRoutes: Route[] = [
  ...graphRoute(HOST, "GET", "/oauth/access_token", accessToken),
  ...graphRoute(HOST, "POST", "/oauth/access_token", accessToken),
  ...graphRoute(HOST, "GET", "/debug_token", debugToken),
  ...graphRoute(HOST, "GET", "/me/permissions", permissions),
  ...graphRoute(HOST, "DELETE", "/me/permissions", revokeAll),
];
