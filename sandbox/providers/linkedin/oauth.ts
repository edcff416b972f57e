/**
 * LinkedIn OAuth 2.0 (3-legged): the consent dialog at `www.linkedin.com/oauth/v2/authorization`
 * and the token endpoint `www.linkedin.com/oauth/v2/accessToken` (client credentials in the
 * form body). Access tokens last 60 days; only approved partner apps get refresh tokens,
 * which last 365 days from the first authorization and do not rotate.
 */
import { avatarUrl } from "../../core/avatar";
import { authorizeRoutes } from "../../core/authorize";
import { json } from "../../core/http";
import type { RegisteredApp } from "../../core/oauth";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { APP_POLICIES, MEMBERS, findMember, memberName } from "./fixtures";
import { jwks, signIdToken } from "./id-token";
import { oauthError } from "./respond";

export const PROVIDER = "linkedin";
export const HOST = "www.linkedin.com";
export const ACCESS_TTL_S = 60 * 24 * 3600;
export const REFRESH_TTL_S = 365 * 24 * 3600;
/** LinkedIn authorization codes live 30 minutes. */
export const CODE_TTL_MS = 30 * 60_000;

const SCOPE_TEXT: Record<string, string> = {
  openid: "Use your name and photo",
  profile: "Use your name and photo",
  email: "Use the primary email address associated with your LinkedIn account",
  w_member_social: "Create, modify, and delete posts, comments, and reactions on your behalf",
  r_basicprofile: "Use your basic profile including your name, photo, headline, and public profile URL",
  r_organization_admin: "Retrieve your organization's pages and their reporting data",
  rw_organization_admin: "Manage your organization's pages and retrieve reporting data",
  w_organization_social: "Create, modify, and delete posts, comments, and reactions on your organization's behalf",
  r_organization_social: "Retrieve your organization's posts, comments, reactions, and other engagement data",
};

const BRAND = { name: "LinkedIn", color: "#0A66C2" };

export const authorize: Route[] = authorizeRoutes({
  provider: PROVIDER,
  brand: BRAND,
  host: HOST,
  path: "/oauth/v2/authorization",
  label: "www.linkedin.com /oauth/v2/authorization",
  scopeSeparator: /[\s,]+/,
  users: (req) =>
    MEMBERS.map((m) => ({
      id: m.sub,
      name: memberName(m),
      detail: `${m.headline} · ${m.roles.filter((r) => r.state === "APPROVED" && r.role === "ADMINISTRATOR").length} company pages`,
      avatarUrl: avatarUrl(req.sandboxUrl, `linkedin-${m.sub}`, memberName(m)),
    })),
  validate(q) {
    if (q.raw.get("response_type") !== "code") {
      return { redirectParams: { error: "invalid_request", error_description: "Invalid response_type. Expected 'code'" } };
    }
    const allowed = APP_POLICIES[q.clientId]?.scopes ?? [];
    const bad = q.scopes.find((s) => !allowed.includes(s));
    if (bad) return { redirectParams: { error: "unauthorized_scope_error", error_description: `Scope "${bad}" is not authorized for your application` } };
    if (q.scopes.length === 0) return { redirectParams: { error: "invalid_scope", error_description: "The requested permission scope is not valid" } };
    return undefined;
  },
  describeScope: (s) => SCOPE_TEXT[s],
  codeTtlMs: CODE_TTL_MS,
  codePrefix: "AQ",
  deniedParams: { error: "user_cancelled_authorize", error_description: "The user cancelled the authorization" },
  messages: {
    invalidClient: "The application is not found or is disabled. Please contact the developer of the application.",
    invalidRedirect: "The redirect_uri does not match the registered value",
  },
});

const required = (name: string) => oauthError(400, "invalid_request", `A required parameter "${name}" is missing`);

function issue(ctx: SandboxContext, app: RegisteredApp, userId: string, scopes: string[], refresh?: { token: string; expiresAt: number | null }, fromCode?: string): Response {
  const access = ctx.oauth.issueToken({ provider: PROVIDER, clientId: app.clientId, userId, scopes, ttlMs: ACCESS_TTL_S * 1000, prefix: "AQV", extra: fromCode ? { fromCode } : {} });
  const body: Record<string, unknown> = { access_token: access.token, expires_in: ACCESS_TTL_S };
  if (APP_POLICIES[app.clientId]?.refreshTokens) {
    const rt = refresh ?? ctx.oauth.issueRefreshToken({ provider: PROVIDER, clientId: app.clientId, userId, scopes, ttlMs: REFRESH_TTL_S * 1000, prefix: "AQX", extra: fromCode ? { fromCode } : {} });
    body.refresh_token = rt.token;
    body.refresh_token_expires_in = rt.expiresAt === null ? REFRESH_TTL_S : Math.max(0, Math.floor((rt.expiresAt - ctx.clock.now()) / 1000));
  }
  body.scope = scopes.join(",");
  body.token_type = "Bearer";
  const member = findMember(userId);
  if (scopes.includes("openid") && member && !refresh) {
    const now = Math.floor(ctx.clock.now() / 1000);
    body.id_token = signIdToken({
      iss: "https://www.linkedin.com/oauth",
      aud: app.clientId,
      iat: now,
      exp: now + 3600,
      sub: member.sub,
      ...(scopes.includes("profile") ? { name: memberName(member), given_name: member.givenName, family_name: member.familyName } : {}),
      ...(scopes.includes("email") ? { email: member.email, email_verified: "true" } : {}),
    });
  }
  return json(body);
}

function accessToken(req: SandboxRequest, ctx: SandboxContext): Response {
  const f = req.form;
  const grant = f.get("grant_type");
  if (!grant) return required("grant_type");
  if (!f.get("client_id")) return required("client_id");
  if (!f.get("client_secret")) return required("client_secret");
  const app = ctx.oauth.getApp(f.get("client_id"), PROVIDER);
  if (!app || !ctx.oauth.secretMatches(app, f.get("client_secret"))) return oauthError(401, "invalid_client", "Client authentication failed");

  if (grant === "authorization_code") {
    if (!f.get("code")) return required("code");
    if (!f.get("redirect_uri")) return required("redirect_uri");
    const r = ctx.oauth.redeemCode(f.get("code"), { provider: PROVIDER, clientId: app.clientId, redirectUri: f.get("redirect_uri"), codeVerifier: f.get("code_verifier") });
    if (!r.ok) {
      return oauthError(
        400,
        "invalid_request",
        "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists",
      );
    }
    return issue(ctx, app, r.code.userId, r.code.scopes, undefined, r.code.code);
  }
  if (grant === "refresh_token") {
    if (!APP_POLICIES[app.clientId]?.refreshTokens) return oauthError(400, "unauthorized_client", "The client is not authorized to request a token using this method.");
    if (!f.get("refresh_token")) return required("refresh_token");
    const r = ctx.oauth.useRefreshToken(f.get("refresh_token"), { provider: PROVIDER, clientId: app.clientId, rotate: false });
    if (!r.ok) return oauthError(400, "invalid_request", "The provided authorization grant or refresh token is invalid, expired or revoked.");
    return issue(ctx, app, r.refresh.userId, r.refresh.scopes, r.refresh);
  }
  return oauthError(400, "unsupported_grant_type", "An invalid grant_type was specified");
}

function revoke(req: SandboxRequest, ctx: SandboxContext): Response {
  const app = ctx.oauth.getApp(req.form.get("client_id"), PROVIDER);
  if (!app || !ctx.oauth.secretMatches(app, req.form.get("client_secret"))) return oauthError(401, "invalid_client", "Client authentication failed");
  const token = req.form.get("token");
  if (!token) return required("token");
  ctx.oauth.revokeToken(token);
  return new Response(null, { status: 200 });
}

export const tokenRoutes: Route[] = [
  { method: "POST", host: HOST, path: "/oauth/v2/accessToken", label: "www.linkedin.com POST /oauth/v2/accessToken", handler: accessToken },
  { method: "POST", host: HOST, path: "/oauth/v2/revoke", label: "www.linkedin.com POST /oauth/v2/revoke", handler: revoke },
  { method: "GET", host: HOST, path: "/oauth/openid/jwks", label: "www.linkedin.com GET /oauth/openid/jwks", handler: () => json(jwks()) },
];
