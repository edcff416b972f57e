/**
 * The authorization-code dialog as data: every provider's `/authorize` endpoint is this flow
 * with its own brand, users, scope rules, cancel parameters and code quirks.
 *
 * GET  renders the consent page (or the provider's error page for an unknown client_id or a
 *      redirect_uri that is not registered — never a redirect, as real providers do).
 * POST (from the consent page) re-validates everything, then 302s to redirect_uri with
 *      `code` and `state`, or with the provider's cancel parameters.
 */
import { renderConsent, renderErrorPage, type Brand, type ConsentAssetGroup, type ConsentUser } from "./consent";
import { redirect, withParams } from "./http";
import type { RegisteredApp } from "./oauth";
import type { Route, SandboxContext, SandboxRequest } from "./types";

export interface AuthorizeQuery {
  app: RegisteredApp;
  clientId: string;
  redirectUri: string;
  state?: string;
  scopes: string[];
  /** Every query parameter the dialog received (code_challenge, response_type…). */
  raw: URLSearchParams;
}

/** What a provider's check can answer: an error page at the provider, or a redirect with error params. */
export type AuthorizeProblem = { page: Response } | { redirectParams: Record<string, string> };

export interface AuthorizeSpec {
  provider: string;
  brand: Brand;
  host: string | string[];
  /** Dialog path pattern, e.g. "/:version/dialog/oauth". */
  path: string;
  label?: string;
  /** How `scope` is split (Facebook and Instagram accept commas; X and LinkedIn spaces). */
  scopeSeparator: RegExp;
  users(req: SandboxRequest, ctx: SandboxContext): ConsentUser[];
  /** Provider-specific checks after client_id and redirect_uri are known good (scopes, PKCE, response_type, version). */
  validate?(q: AuthorizeQuery, req: SandboxRequest, ctx: SandboxContext): AuthorizeProblem | undefined;
  assets?(userId: string, q: AuthorizeQuery, ctx: SandboxContext, req: SandboxRequest): ConsentAssetGroup[];
  describeScope?(scope: string): string | undefined;
  note?: string;
  codeTtlMs: number;
  codePrefix?: string;
  /** Params added on Cancel, besides `state`. */
  deniedParams: Record<string, string>;
  /** Fragment appended to redirects (Facebook "_=_", Instagram "_"). */
  redirectHash?: string;
  /** Module data stored with the code from the consent form (e.g. the ticked Page ids). */
  extra?(form: URLSearchParams, userId: string, q: AuthorizeQuery, ctx: SandboxContext): Record<string, unknown>;
  /**
   * Scopes the person may untick on the consent page, as Facebook Login's "Edit access" allows;
   * the code then carries only the ticked ones. Absent: every scope asked is granted.
   */
  declinableScopes?(scope: string): boolean;
  /** Error page titles; defaults are generic. */
  messages?: { invalidClient?: string; invalidRedirect?: string };
}

const PASSTHROUGH = ["client_id", "redirect_uri", "state", "scope", "response_type", "code_challenge", "code_challenge_method", "config_id", "auth_type", "extras"];

function readQuery(req: SandboxRequest): URLSearchParams {
  // GET carries the dialog parameters in the query; the consent POST carries them as form fields.
  if (req.method === "GET") return req.query;
  const merged = new URLSearchParams(req.query);
  for (const [k, v] of req.form) if (PASSTHROUGH.includes(k)) merged.set(k, v);
  return merged;
}

function resolve(spec: AuthorizeSpec, req: SandboxRequest, ctx: SandboxContext): { q: AuthorizeQuery } | { res: Response } {
  const raw = readQuery(req);
  const clientId = raw.get("client_id") ?? "";
  const app = ctx.oauth.getApp(clientId, spec.provider);
  if (!app) {
    return {
      res: renderErrorPage(spec.brand, "Invalid App ID", spec.messages?.invalidClient ?? `The provided app ID "${clientId}" does not look like a valid app ID.`),
    };
  }
  const redirectUri = raw.get("redirect_uri") ?? "";
  if (!ctx.oauth.redirectAllowed(app, redirectUri)) {
    return {
      res: renderErrorPage(
        spec.brand,
        "URL blocked",
        spec.messages?.invalidRedirect ??
          `This redirect failed because the redirect URI is not whitelisted in the app's client OAuth settings: ${redirectUri || "(none)"}`,
      ),
    };
  }
  const scopes = (raw.get("scope") ?? "").split(spec.scopeSeparator).map((s) => s.trim()).filter(Boolean);
  return { q: { app, clientId, redirectUri, state: raw.get("state") ?? undefined, scopes: [...new Set(scopes)], raw } };
}

function problemResponse(spec: AuthorizeSpec, q: AuthorizeQuery, p: AuthorizeProblem): Response {
  if ("page" in p) return p.page;
  return redirect(withParams(q.redirectUri, { ...p.redirectParams, state: q.state }, spec.redirectHash));
}

/** The GET (consent page) and POST (decision) routes of one provider's dialog. */
export function authorizeRoutes(spec: AuthorizeSpec): Route[] {
  const label = spec.label ?? `${Array.isArray(spec.host) ? spec.host[0] : spec.host} ${spec.path}`;

  const show = (req: SandboxRequest, ctx: SandboxContext): Response => {
    const r = resolve(spec, req, ctx);
    if ("res" in r) return r.res;
    const { q } = r;
    const problem = spec.validate?.(q, req, ctx);
    if (problem) return problemResponse(spec, q, problem);
    const users = spec.users(req, ctx);
    const wanted = req.query.get("sandbox_user");
    const selected = users.find((u) => u.id === wanted) ?? users[0];
    if (!selected) return renderErrorPage(spec.brand, "No sandbox users", "This sandbox module has no users to sign in as.", 500);
    const hidden: Record<string, string> = {};
    for (const [k, v] of q.raw) if (k !== "sandbox_user") hidden[k] = v;
    const dialogUrl = `${req.sandboxUrl}/${req.host}${req.path}`;
    return renderConsent({
      brand: spec.brand,
      appName: q.app.name,
      scopes: q.scopes.map((s) => ({ name: s, description: spec.describeScope?.(s), declinable: spec.declinableScopes?.(s) ?? false })),
      users,
      selectedUserId: selected.id,
      assets: spec.assets?.(selected.id, q, ctx, req),
      action: dialogUrl,
      switchAction: dialogUrl,
      hidden,
      note: spec.note,
    });
  };

  const decide = (req: SandboxRequest, ctx: SandboxContext): Response => {
    const r = resolve(spec, req, ctx);
    if ("res" in r) return r.res;
    const { q } = r;
    const problem = spec.validate?.(q, req, ctx);
    if (problem) return problemResponse(spec, q, problem);
    if (req.form.get("decision") !== "allow") {
      return redirect(withParams(q.redirectUri, { ...spec.deniedParams, state: q.state }, spec.redirectHash));
    }
    const userId = req.form.get("sandbox_user") ?? "";
    if (!spec.users(req, ctx).some((u) => u.id === userId)) {
      return renderErrorPage(spec.brand, "Unknown user", `There is no sandbox user "${userId}".`);
    }
    // The consent page marks its form with `scope_choice`; a scripted POST without it grants all.
    const ticked = new Set(req.form.getAll("granted_scope"));
    const choosing = req.form.has("scope_choice");
    const scopes = q.scopes.filter((s) => !choosing || !spec.declinableScopes?.(s) || ticked.has(s));
    const code = ctx.oauth.issueCode({
      provider: spec.provider,
      clientId: q.clientId,
      redirectUri: q.redirectUri,
      scopes,
      userId,
      ttlMs: spec.codeTtlMs,
      codeChallenge: q.raw.get("code_challenge") ?? undefined,
      codeChallengeMethod: q.raw.get("code_challenge") ? (q.raw.get("code_challenge_method") ?? "plain") : undefined,
      extra: spec.extra?.(req.form, userId, q, ctx),
      prefix: spec.codePrefix,
    });
    return redirect(withParams(q.redirectUri, { code: code.code, state: q.state }, spec.redirectHash));
  };

  return [
    { method: "GET", host: spec.host, path: spec.path, label: `${label} (dialog)`, handler: show },
    { method: "POST", host: spec.host, path: spec.path, label: `${label} (decision)`, handler: decide },
  ];
}
