import "server-only";
import { getOrgContext, type TOrgContext } from "@/lib/orgs/current";
import { hasRole } from "@/lib/orgs/membership";
import { META_ERROR_MESSAGES, type TMetaErrorCode } from "./errors";

/** `{error:{code,message}}` with a stable code; never internal error text. */
export function metaJsonError(code: TMetaErrorCode, status: number, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message: META_ERROR_MESSAGES[code] } }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function metaJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * The signed-in member for an API call on the organization's Meta connection: 401 signed out;
 * 404 for an organization id they do not belong to (A1); 403 below `minimum` (A2).
 * `organizationId` (optional, from the request) defaults to the organization they are working in.
 */
export async function metaApiContext(
  minimum: "admin" | "member",
  organizationId?: string | null,
): Promise<{ ok: true; ctx: TOrgContext; organizationId: string } | { ok: false; response: Response }> {
  const ctx = await getOrgContext();
  if (!ctx) return { ok: false, response: metaJsonError("unauthenticated", 401) };
  const membership = organizationId ? ctx.memberships.find((m) => m.organizationId === organizationId) : ctx.org;
  if (!membership) return { ok: false, response: metaJsonError("not_found", 404) };
  if (!hasRole(membership.role, minimum)) return { ok: false, response: metaJsonError("forbidden", 403) };
  return { ok: true, ctx: { ...ctx, org: membership }, organizationId: membership.organizationId };
}
