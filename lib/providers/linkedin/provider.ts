import "server-only";
import { linkedinPublishing } from "./publish";
import { OAuthFailure } from "@/lib/oauth/failures";
import { refreshWithConfig } from "@/lib/oauth/token";
import { HttpError } from "@/lib/http";
import { childLogger } from "@/lib/log";
import type { OAuthProvider } from "@/lib/providers/types";
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
  if (!(err instanceof HttpError) || err.status !== 403) return false;
  let body: unknown;
  try {
    body = err.response?.json();
  } catch {
    return true;
  }
  const code = parseLinkedInError(403, body).providerCode;
  return code === "ACCESS_DENIED" || code === "100" || code === undefined;
}

export const linkedinProvider: OAuthProvider = {
  kind: "oauth2",
  catalog: linkedinCatalog,
  oauth: linkedinOAuth,
  async fetchAccounts(token, ctx) {
    if (ctx.target !== "company") return [toProfileAccount(await fetchUserinfo(token.accessToken), token, LINKEDIN_PERSONAL_SCOPES)];
    try {
      const ids = await fetchAdministeredOrganizationIds(token.accessToken);
      if (ids.length === 0) throw new OAuthFailure("no_accounts", "no administered LinkedIn organizations");
      return toCompanyAccounts(ids, await organizationNames(token.accessToken, ids), token, LINKEDIN_COMPANY_SCOPES);
    } catch (err) {
      if (companyAccessDenied(err)) throw new OAuthFailure("linkedin_company_not_approved", "organizationAcls answered 403 ACCESS_DENIED");
      throw err;
    }
  },
  refreshAccessToken: (refreshToken, ctx) => refreshWithConfig(linkedinProvider, ctx.credentials, refreshToken),
  revokeToken: (accessToken, ctx) => revoke(accessToken, ctx.credentials),
  parseError: parseLinkedInError,
  pictureHosts: ["media.licdn.com"],
  publishing: linkedinPublishing,
};
