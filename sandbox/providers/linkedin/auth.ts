/**
 * Request checks for api.linkedin.com: the bearer token (401s with LinkedIn's service error
 * codes), scopes, and the monthly `LinkedIn-Version` header that every `/rest` call needs.
 */
import type { IssuedToken } from "../../core/oauth";
import type { SandboxContext, SandboxRequest } from "../../core/types";
import { findMember, type LinkedInMember } from "./fixtures";
import { PROVIDER } from "./oauth";
import { restError } from "./respond";

export interface Caller {
  token: IssuedToken;
  member: LinkedInMember;
  /** "YYYYMM" for /rest calls, "NO_VERSION" for legacy /v2 ones (as LinkedIn prints in errors). */
  version: string;
}

export function requireToken(req: SandboxRequest, ctx: SandboxContext): Omit<Caller, "version"> | Response {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!m) return restError(401, "Empty oauth2 access token", { code: "EMPTY_ACCESS_TOKEN", serviceErrorCode: 65604 });
  const r = ctx.oauth.checkToken(m[1]!.trim(), PROVIDER);
  if (!r.ok) {
    if (r.reason === "expired") return restError(401, "The token used in the request has expired", { code: "EXPIRED_ACCESS_TOKEN", serviceErrorCode: 65601 });
    if (r.reason === "revoked") return restError(401, "The token used in the request has been revoked by the user", { code: "REVOKED_ACCESS_TOKEN", serviceErrorCode: 65602 });
    return restError(401, "Invalid access token", { code: "INVALID_ACCESS_TOKEN", serviceErrorCode: 65600 });
  }
  const member = findMember(r.token.userId);
  if (!member) return restError(401, "Invalid access token", { code: "INVALID_ACCESS_TOKEN", serviceErrorCode: 65600 });
  return { token: r.token, member };
}

/** Months since year 0, for comparing YYYYMM versions with the sandbox clock. */
const monthIndex = (year: number, month: number) => year * 12 + (month - 1);

/**
 * `LinkedIn-Version: YYYYMM` (or `YYYYMM.RR`): missing → 400; older than 12 months or not
 * yet released (later than the sandbox clock's month) → 426 NONEXISTENT_VERSION.
 */
export function checkVersion(req: SandboxRequest, ctx: SandboxContext): string | Response {
  const raw = req.headers.get("linkedin-version")?.trim();
  if (!raw) {
    return restError(400, "A version must be present. Please specify a version by adding the LinkedIn-Version header.", { code: "VERSION_MISSING" });
  }
  const m = /^(\d{4})(\d{2})(?:\.\d{2})?$/.exec(raw);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    return restError(400, `Invalid LinkedIn-Version header value: ${raw}. Expected format YYYYMM.`, { code: "INVALID_VERSION" });
  }
  const now = new Date(ctx.clock.now());
  const age = monthIndex(now.getUTCFullYear(), now.getUTCMonth() + 1) - monthIndex(Number(m[1]), Number(m[2]));
  if (age < 0 || age > 12) return restError(426, `Requested version ${raw} is not active`, { code: "NONEXISTENT_VERSION" });
  return raw.slice(0, 6);
}

/**
 * `X-Restli-Protocol-Version: 2.0.0`, which LinkedIn's docs require on every versioned (`/rest`)
 * call and on the legacy `/v2/ugcPosts` and `/v2/assets`: without it a call is read as protocol
 * 1.0, whose key and list syntax these resources no longer accept.
 */
export function checkProtocol(req: SandboxRequest): Response | undefined {
  const protocol = req.headers.get("x-restli-protocol-version")?.trim();
  if (protocol === "2.0.0") return undefined;
  if (!protocol) {
    return restError(400, "This resource requires Rest.li protocol 2.0.0; add the header X-Restli-Protocol-Version: 2.0.0 (requests without it are read as protocol 1.0.0).", { code: "ILLEGAL_ARGUMENT" });
  }
  return restError(400, `Unsupported X-Restli-Protocol-Version ${protocol}; use 2.0.0.`, { code: "ILLEGAL_ARGUMENT" });
}

/** Token + version + protocol for a `/rest` call. */
export function restCaller(req: SandboxRequest, ctx: SandboxContext): Caller | Response {
  const version = checkVersion(req, ctx);
  if (version instanceof Response) return version;
  const protocol = checkProtocol(req);
  if (protocol) return protocol;
  const t = requireToken(req, ctx);
  if (t instanceof Response) return t;
  return { ...t, version };
}

/** Token for a legacy `/v2` call (no version header). */
export function v2Caller(req: SandboxRequest, ctx: SandboxContext): Caller | Response {
  const t = requireToken(req, ctx);
  if (t instanceof Response) return t;
  return { ...t, version: "NO_VERSION" };
}

export const hasAny = (c: Caller, scopes: string[]) => scopes.some((s) => c.token.scopes.includes(s));
