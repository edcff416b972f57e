import "server-only";
import { env } from "@/lib/env";
import { providerApi } from "@/lib/providers/call";
import { LINKEDIN_API } from "./config";
import { ZOrganizationAcls, ZOrganizationsBatch, ZUserinfo, type TOrganization, type TUserinfo } from "./schema";
import { parseLinkedInError } from "./transform";

/** Every LinkedIn call goes through the provider-call wrapper: LinkedIn's errors → ProviderError. */
export const linkedinApi = providerApi(parseLinkedInError);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** The headers of the versioned REST API (`/rest/…`). */
export const restHeaders = (token: string) => ({
  ...bearer(token),
  "LinkedIn-Version": env().LINKEDIN_API_VERSION,
  "X-Restli-Protocol-Version": "2.0.0",
});

/** GET /v2/userinfo: the member behind a profile token. */
export async function fetchUserinfo(accessToken: string): Promise<TUserinfo> {
  return linkedinApi.json(`${LINKEDIN_API}/v2/userinfo`, ZUserinfo, { headers: bearer(accessToken) });
}

const MAX_ACL_PAGES = 10;

/** Ids of the organizations the member administers (approved ADMINISTRATOR roles), every page. */
export async function fetchAdministeredOrganizationIds(accessToken: string): Promise<number[]> {
  const ids: number[] = [];
  const count = 100;
  for (let page = 0, start = 0; page < MAX_ACL_PAGES; page++) {
    const acls = await linkedinApi.json(`${LINKEDIN_API}/rest/organizationAcls`, ZOrganizationAcls, {
      headers: restHeaders(accessToken),
      query: { q: "roleAssignee", role: "ADMINISTRATOR", state: "APPROVED", start, count },
    });
    for (const e of acls.elements) {
      const urn = e.organization ?? e.organizationalTarget ?? "";
      const id = Number(/^urn:li:organization:(\d+)$/.exec(urn)?.[1]);
      if (Number.isInteger(id) && !ids.includes(id)) ids.push(id);
    }
    const hasNext = acls.paging?.links?.some((l) => l.rel === "next") ?? false;
    if (!hasNext || acls.elements.length === 0) break;
    start += acls.elements.length;
  }
  return ids;
}

/** Names (and vanity names) of organizations, in one batch call. */
export async function fetchOrganizations(accessToken: string, ids: number[]): Promise<Map<number, TOrganization>> {
  const out = new Map<number, TOrganization>();
  if (ids.length === 0) return out;
  // Rest.li 2.0 list syntax; the parentheses and commas stay unencoded.
  const batch = await linkedinApi.json(`${LINKEDIN_API}/rest/organizations?ids=List(${ids.join(",")})`, ZOrganizationsBatch, {
    headers: restHeaders(accessToken),
  });
  for (const o of Object.values(batch.results)) out.set(o.id, o);
  return out;
}

/** POST /oauth/v2/revoke (best effort). */
export async function revoke(token: string, credentials: { clientId: string; clientSecret: string }): Promise<void> {
  await linkedinApi.request("https://www.linkedin.com/oauth/v2/revoke", {
    method: "POST",
    form: { token, client_id: credentials.clientId, client_secret: credentials.clientSecret },
  });
}
