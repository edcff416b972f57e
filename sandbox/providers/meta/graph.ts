/** What every Graph-style call shares: the version segment, the access token, appsecret_proof, scopes, fields. */
import { createHmac, timingSafeEqual } from "node:crypto";
import { param } from "../../core/http";
import { tokenFromRequest, type IssuedToken, type RegisteredApp } from "../../core/oauth";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E } from "./errors";
import { parseFields, selectFields, UnknownField, type FieldSpec, type GraphNode } from "./fields";

/** Graph versions the sandbox accepts; older ones answer Meta's deprecation error. */
export const GRAPH_VERSIONS = ["v21.0", "v22.0", "v23.0", "v24.0", "v25.0"];
export const DEFAULT_GRAPH_VERSION = "v24.0";

export function checkVersion(version: string | undefined): Response | undefined {
  if (!version || !/^v\d{1,2}\.0$/.test(version)) return E.unknownPath(`/${version ?? ""}`);
  if (!GRAPH_VERSIONS.includes(version)) {
    const n = Number(version.slice(1, -2));
    if (n > Number(GRAPH_VERSIONS.at(-1)!.slice(1, -2))) return E.unknownPath(`/${version}`);
    return E.param(`(#2635) You are calling a deprecated version of the Graph API (${version}). Please update to the latest version: ${GRAPH_VERSIONS.at(-1)}.`, undefined, { code: 2635 });
  }
  return undefined;
}

export function hmacHex(key: string, data: string | Buffer): string {
  return createHmac("sha256", key).update(data).digest("hex");
}

/** appsecret_proof for a secret and token, computed once per pair (the same token calls many times). */
const proofs = new Map<string, string>();
function expectedProof(secret: string, token: string): string {
  const key = `${secret}\n${token}`;
  let proof = proofs.get(key);
  if (proof === undefined) {
    if (proofs.size >= 10_000) proofs.clear();
    proofs.set(key, (proof = hmacHex(secret, token)));
  }
  return proof;
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Caller {
  token: IssuedToken;
  app: RegisteredApp;
  raw: string;
}

/**
 * Authenticate a Graph call: Bearer header or `access_token`; `app_id|app_secret` is an app
 * token; expired → 190/463, revoked → 190/458 (or 460 after a "password change"), unknown →
 * 190; a sent appsecret_proof must equal HMAC-SHA256(token, app secret). With "Require App
 * Secret" (the `requireAppSecretProof` knob, on by default) a Facebook or Instagram call with a
 * user or Page token that carries no proof answers 100; app tokens and the token-exchange
 * endpoints (which carry the client secret themselves: `proofExempt`) need none.
 */
export function authenticate(
  req: SandboxRequest,
  ctx: SandboxContext,
  provider: string,
  opts: { aboutMe?: boolean; proofExempt?: boolean } = {},
): Caller | Response {
  const raw = tokenFromRequest(req);
  if (!raw) return E.noToken(opts.aboutMe ?? false);
  let token: IssuedToken | undefined;
  const pipe = raw.match(/^(\d+)\|(.+)$/);
  const pipeApp = pipe ? ctx.oauth.getApp(pipe[1], provider) : undefined;
  if (pipe && pipeApp && ctx.oauth.secretMatches(pipeApp, pipe[2])) {
    token = { token: raw, provider, kind: "app", clientId: pipeApp.clientId, userId: pipeApp.clientId, scopes: [], issuedAt: 0, expiresAt: null, revoked: false, extra: {} };
  } else {
    const check = ctx.oauth.checkToken(raw, provider);
    if (!check.ok) {
      if (check.reason === "expired") return E.expiredToken(check.token!.expiresAt!, ctx.clock.now());
      if (check.reason === "revoked") return check.token!.extra.invalidated ? E.invalidatedToken() : E.revokedToken(check.token!.clientId);
      return E.malformedToken();
    }
    token = check.token;
  }
  const app = ctx.oauth.getApp(token.clientId)!;
  const proof = param(req, "appsecret_proof");
  if (proof !== undefined && !safeEqual(proof.toLowerCase(), expectedProof(app.clientSecret, raw))) return E.badProof();
  if (proof === undefined && requiresProof(ctx, provider, token, opts)) return E.missingProof();
  return { token, app, raw };
}

/** "Require App Secret": graph.facebook.com and graph.instagram.com, user and Page tokens. */
function requiresProof(ctx: SandboxContext, provider: string, token: IssuedToken, opts: { proofExempt?: boolean }): boolean {
  if (opts.proofExempt || token.kind === "app") return false;
  if (provider !== "facebook" && provider !== "instagram") return false;
  return ctx.knobs.requireAppSecretProof !== false;
}

/** The first scope from `anyOf` the token lacks, as Meta's permission error; undefined when one is granted. */
export function requireScope(caller: Caller, anyOf: string[], style: "endpoint" | "object" = "endpoint"): Response | undefined {
  if (anyOf.some((s) => caller.token.scopes.includes(s))) return undefined;
  return style === "object" ? E.manageObject(anyOf[0]!) : E.missingPermission(anyOf.join(" or "));
}

/** The request's URL on the real host, for `paging.next` links (the app rewrites hosts itself). */
export function publicUrl(req: SandboxRequest): string {
  const q = req.query.toString();
  return `https://${req.host}${req.path}${q ? "?" + q : ""}`;
}

/** Parse `fields` and select them from a node; Meta's error for a bad expression or an unknown field. */
export function respondNode(req: SandboxRequest, node: GraphNode, defaults?: string[]): Response {
  let specs: FieldSpec[] | undefined;
  try {
    const f = param(req, "fields");
    specs = f ? parseFields(f) : undefined;
  } catch {
    return E.param("Syntax error \"Expected end of string instead of \"}\".\" at character 0: " + param(req, "fields"), undefined, { code: 2500 });
  }
  try {
    return Response.json(selectFields(node, specs, defaults));
  } catch (err) {
    if (err instanceof UnknownField) return E.nonexistingField(err.field, err.nodeType);
    throw err;
  }
}

export function fieldSpecs(req: SandboxRequest): FieldSpec[] | undefined | Response {
  try {
    const f = param(req, "fields");
    return f ? parseFields(f) : undefined;
  } catch {
    return E.param(`Syntax error in fields: ${param(req, "fields")}`, undefined, { code: 2500 });
  }
}

/** Select fields from each item of a list; Meta's error for an unknown field. */
export function selectEach(items: GraphNode[], specs: FieldSpec[] | undefined, defaults?: string[]): Record<string, unknown>[] | Response {
  try {
    return items.map((i) => selectFields(i, specs, defaults));
  } catch (err) {
    if (err instanceof UnknownField) return E.nonexistingField(err.field, err.nodeType);
    throw err;
  }
}

type Handler = Route["handler"];

/**
 * A Graph route under "/:version/…": checks the version first. `path` is written with
 * "{id}" for the node, e.g. "/{id}/feed" → pattern "/:version/:id/feed", label
 * "graph.facebook.com POST /{id}/feed".
 */
export function graphRoute(host: string, method: Route["method"], path: string, handler: Handler, opts: { versionless?: boolean } = {}): Route[] {
  const pattern = path.replace(/\{(\w+)\}/g, ":$1");
  const label = `${host} ${method} ${path}`;
  const versioned: Route = {
    method,
    host,
    path: `/:version${pattern === "/" ? "" : pattern}`,
    label,
    handler: (req, ctx) => checkVersion(req.params.version) ?? handler(req, ctx),
  };
  if (!opts.versionless) return [versioned];
  return [versioned, { method, host, path: pattern, label, handler }];
}
