import "server-only";
import { linkedinPublishing } from "./publish";
import { childLogger } from "@/lib/log";
import { ProviderError, type OAuthProvider } from "@/lib/providers/types";
import { fetchAdministeredOrganizationIds, fetchOrganizations, fetchUserinfo, revoke } from "./api";
import { LINKEDIN_COMPANY_SCOPES, LINKEDIN_PERSONAL_SCOPES, linkedinOAuth } from "./config";
import { linkedinCatalog } from "./catalog";
import { parseLinkedInError, toCompanyAccounts, toProfileAccount } from "./transform";
import type { TOrganization } from "./schema";

const log = childLogger({ module: "providers.linkedin" });

/**
 * The pages' names, from the batch get. They are cosmetic: when the lookup fails the pages are
 * connected under their ids (organizationAcls already said the member administers them) and a
 * later reconnect fills in the names.
 */
async function organizationNames(accessToken: string, ids: number[]): Promise<Map<number, TOrganization>> {
  try {
    return await fetchOrganizations(accessToken, ids);
  } catch (err) {
    log.warn({ err, organizations: ids.length }, "linkedin organization names unavailable; connecting under their ids");
    return new Map();
  }
}

/** A 403 ACCESS_DENIED on organization access means the company app lacks Community Management approval. */
function companyAccessDenied(err: unknown): boolean {
  if (!(err instanceof ProviderError) || err.status !== 403) return false;
  const code = err.providerCode;
  return code === "ACCESS_DENIED" || code === "100" || code === undefined;
}

/** LinkedIn: partner apps get refresh tokens; the standard refresh grant (`oauth.refreshable`) runs in getFreshAccessToken. */
export const linkedinProvider: OAuthProvider = {
  kind: "oauth2",
  catalog: linkedinCatalog,
  oauth: linkedinOAuth,
  async fetchAccounts(token, ctx) {
    if (ctx.target !== "company") return { ok: true, accounts: [toProfileAccount(await fetchUserinfo(token.accessToken), token, LINKEDIN_PERSONAL_SCOPES)] };
    let ids: number[];
    try {
      ids = await fetchAdministeredOrganizationIds(token.accessToken);
    } catch (err) {
      if (companyAccessDenied(err)) return { ok: false, code: "linkedin_company_not_approved" };
      throw err;
    }
    if (ids.length === 0) return { ok: false, code: "no_accounts" };
    return { ok: true, accounts: toCompanyAccounts(ids, await organizationNames(token.accessToken, ids), token, LINKEDIN_COMPANY_SCOPES) };
  },
  revokeToken: (accessToken, ctx) => revoke(accessToken, ctx.credentials),
  parseError: parseLinkedInError,
  pictureHosts: ["media.licdn.com"],
  publishing: linkedinPublishing,
};
