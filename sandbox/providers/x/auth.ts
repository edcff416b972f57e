/** Bearer-token checks for X API v2 calls: 401 for missing/expired/revoked tokens, 403 for missing scopes. */
import { tokenFromRequest, type IssuedToken } from "../../core/oauth";
import type { SandboxContext, SandboxRequest } from "../../core/types";
import { PROVIDER } from "./oauth";
import { forbidden, unauthorized } from "./respond";

export function requireUser(req: SandboxRequest, ctx: SandboxContext, scopes: string[]): IssuedToken | Response {
  const auth = req.headers.get("authorization") ?? "";
  if (!/^Bearer\s/i.test(auth)) return unauthorized();
  const r = ctx.oauth.checkToken(tokenFromRequest(req), PROVIDER);
  if (!r.ok || r.token.kind !== "user") return unauthorized();
  if (!scopes.every((s) => r.token.scopes.includes(s))) return forbidden();
  return r.token;
}
