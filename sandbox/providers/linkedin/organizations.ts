/**
 * Company pages: the member's roles (`GET /rest/organizationAcls?q=roleAssignee`, legacy
 * `/v2/organizationalEntityAcls`) and the pages' names and logos (`GET /rest/organizations/{id}`,
 * batch `?ids=List(…)`, legacy `/v2/organizations`). Role lookups need r_organization_admin or
 * rw_organization_admin and an app with Community Management approval.
 */
import { json } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { hasAny, restCaller, v2Caller, type Caller } from "./auth";
import { APP_POLICIES, findOrganization, type LinkedInOrganization } from "./fixtures";
import { accessDenied, restError } from "./respond";

const API = "api.linkedin.com";
const ADMIN_SCOPES = ["r_organization_admin", "rw_organization_admin"];

function aclElements(c: Caller, q: URLSearchParams) {
  const role = q.get("role");
  const state = q.get("state");
  return c.member.roles
    .filter((r) => (!role || r.role === role) && (!state || r.state === state))
    .map((r) => ({ role: r.role, roleAssignee: `urn:li:person:${c.member.sub}`, state: r.state, orgId: r.organizationId }));
}

function organizationBody(o: LinkedInOrganization) {
  return {
    id: o.id,
    localizedName: o.name,
    name: { localized: { en_US: o.name }, preferredLocale: { country: "US", language: "en" } },
    vanityName: o.vanityName,
    localizedWebsite: o.website,
    primaryOrganizationType: "NONE",
    logoV2: { original: `urn:li:digitalmediaAsset:${o.logoImageId}`, cropped: `urn:li:digitalmediaAsset:${o.logoImageId}`, cropInfo: { x: 0, y: 0, width: 0, height: 0 } },
  };
}

/** `organization~(localizedName)`-style decoration, when the projection asks for it. */
function decorate(field: string, orgId: number, projection: string | null): Record<string, unknown> {
  if (!projection?.includes(`${field}~`)) return {};
  const o = findOrganization(orgId);
  return o ? { [`${field}~`]: { localizedName: o.name, vanityName: o.vanityName, id: o.id } } : {};
}

function aclDenied(c: Caller): boolean {
  return !hasAny(c, ADMIN_SCOPES) || !!c.member.communityManagementDenied || !APP_POLICIES[c.token.clientId]?.communityManagement;
}

function page<T>(items: T[], q: URLSearchParams): { slice: T[]; start: number; count: number } {
  const start = Math.max(0, Number(q.get("start") ?? 0) || 0);
  const count = Math.min(100, Math.max(1, Number(q.get("count") ?? 10) || 10));
  return { slice: items.slice(start, start + count), start, count };
}

function restAcls(req: SandboxRequest, ctx: SandboxContext): Response {
  const c = restCaller(req, ctx);
  if (c instanceof Response) return c;
  if (req.query.get("q") !== "roleAssignee") return restError(400, "Invalid finder name or missing q parameter", { code: "ILLEGAL_ARGUMENT" });
  if (aclDenied(c)) return accessDenied(`organizationAcls.FINDER-roleAssignee.${c.version}`);
  const all = aclElements(c, req.query);
  const { slice, start, count } = page(all, req.query);
  const projection = req.query.get("projection");
  return json({
    paging: { start, count, links: start + count < all.length ? [{ type: "application/json", rel: "next", href: `/rest/organizationAcls?q=roleAssignee&start=${start + count}&count=${count}` }] : [], total: all.length },
    elements: slice.map((e) => ({ role: e.role, roleAssignee: e.roleAssignee, state: e.state, organization: `urn:li:organization:${e.orgId}`, ...decorate("organization", e.orgId, projection) })),
  });
}

function v2Acls(req: SandboxRequest, ctx: SandboxContext): Response {
  const c = v2Caller(req, ctx);
  if (c instanceof Response) return c;
  if (req.query.get("q") !== "roleAssignee") return restError(400, "Invalid finder name or missing q parameter");
  if (aclDenied(c)) return accessDenied("organizationalEntityAcls.FINDER-roleAssignee.NO_VERSION");
  const all = aclElements(c, req.query);
  const { slice, start, count } = page(all, req.query);
  const projection = req.query.get("projection");
  return json({
    paging: { start, count, links: [], total: all.length },
    elements: slice.map((e) => ({
      role: e.role,
      roleAssignee: e.roleAssignee,
      state: e.state,
      organizationalTarget: `urn:li:organization:${e.orgId}`,
      ...decorate("organizationalTarget", e.orgId, projection),
    })),
  });
}

/** `List(1,2)` (Rest.li 2.0) or repeated `ids=` (1.0). */
function parseIds(q: URLSearchParams): number[] | undefined {
  const raw = q.getAll("ids");
  if (raw.length === 0) return undefined;
  const list = raw.length === 1 && /^List\((.*)\)$/.exec(raw[0]!);
  const parts = list ? list[1]!.split(",") : raw;
  return parts.map((p) => Number(decodeURIComponent(p).replace(/^urn:li:organization:/, ""))).filter((n) => Number.isInteger(n));
}

function getOrganizations(kind: "rest" | "v2") {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const c = kind === "rest" ? restCaller(req, ctx) : v2Caller(req, ctx);
    if (c instanceof Response) return c;
    if (!hasAny(c, [...ADMIN_SCOPES, "r_organization_social"])) return accessDenied(`organizations.GET.${c.version}`);
    const single = req.params.id;
    if (single !== undefined) {
      const o = findOrganization(Number(single.replace(/^urn:li:organization:/, "")));
      if (!o) return restError(404, `Organization ${single} not found`, { code: "NOT_FOUND" });
      return json(organizationBody(o));
    }
    const ids = parseIds(req.query);
    if (!ids) return restError(400, "Missing ids parameter", { code: "ILLEGAL_ARGUMENT" });
    const results: Record<string, unknown> = {};
    const statuses: Record<string, number> = {};
    const errors: Record<string, unknown> = {};
    for (const id of ids) {
      const o = findOrganization(id);
      statuses[id] = o ? 200 : 404;
      if (o) results[id] = organizationBody(o);
      else errors[id] = { status: 404, message: `Organization ${id} not found` };
    }
    return json({ results, statuses, errors });
  };
}

export const organizationRoutes: Route[] = [
  { method: "GET", host: API, path: "/rest/organizationAcls", label: `${API} GET /rest/organizationAcls`, handler: restAcls },
  { method: "GET", host: API, path: "/v2/organizationalEntityAcls", label: `${API} GET /v2/organizationalEntityAcls`, handler: v2Acls },
  { method: "GET", host: API, path: "/rest/organizations/:id", label: `${API} GET /rest/organizations/{id}`, handler: getOrganizations("rest") },
  { method: "GET", host: API, path: "/rest/organizations", label: `${API} GET /rest/organizations?ids`, handler: getOrganizations("rest") },
  { method: "GET", host: API, path: "/v2/organizations/:id", label: `${API} GET /v2/organizations/{id}`, handler: getOrganizations("v2") },
  { method: "GET", host: API, path: "/v2/organizations", label: `${API} GET /v2/organizations?ids`, handler: getOrganizations("v2") },
];
