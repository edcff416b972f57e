import "server-only";
import type { z } from "zod";
import type { HttpClient } from "@/lib/http";
import { ProviderError, type ClientCredentials, type HookContext, type TokenSet } from "@/lib/providers/types";
import { requiredFacebookScopes, type FacebookLoginVariant } from "./config";
import { graphBatchOf, graphCall, nextPageUrl, orThrow } from "./graph";
import { ZGraphMe, ZGraphPageList, ZGraphPermissions, type TGraphPage } from "./schema";
import { toFacebookPages, type FacebookPage } from "./transform";

/** The `pages` resource: the Pages a user manages, with their tokens and linked Instagram accounts. */

/** The fields of the one Pages listing: everything the picker and the connections need, in one call. */
export const PAGE_FIELDS = "id,name,access_token,picture{url},instagram_business_account{id,username,profile_picture_url}";
/** Graph's maximum page size for me/accounts. */
export const PAGE_LIMIT = 100;
/** Stop following `paging.next` after this many pages (10,000 Pages): a guard against a cursor loop. */
const MAX_PAGES = 100;

export interface PagesAndPermissions {
  pages: TGraphPage[];
  /** Permissions the person granted (Facebook Login lets them turn any off under "Edit access"). */
  granted: string[];
  /**
   * The app-scoped id of the Facebook user who granted them (`me?fields=id`, the batch's third
   * part); kept on the connections so "Remove Switchboard from Facebook" knows which ones die.
   * Null when that part failed: the connect goes on without it.
   */
  facebookUserId: string | null;
}

/**
 * The granted permissions, the first 100 Pages and who the user is in ONE upstream request (a
 * Graph batch of `me/permissions`, the field-expanded `me/accounts` and `me?fields=id`), then
 * `paging.next` beyond 100 Pages.
 * The token responses carry no scopes, so this is how a connect learns what was declined
 * without spending a request on it.
 */
export async function listPagesAndPermissions(userToken: string, creds: ClientCredentials, client?: HttpClient): Promise<PagesAndPermissions> {
  const call = { token: userToken, creds, client };
  const accounts = `me/accounts?${new URLSearchParams({ fields: PAGE_FIELDS, limit: String(PAGE_LIMIT) })}`;
  const [permissions, first, me] = await graphBatchOf(call, [
    { url: "me/permissions", schema: ZGraphPermissions },
    { url: accounts, schema: ZGraphPageList },
    { url: "me?fields=id", schema: ZGraphMe },
  ]);
  const granted = orThrow(permissions);
  const firstPage = orThrow(first);
  const facebookUserId = me instanceof ProviderError ? null : me.id;
  // Beyond the first 100: follow `paging.next` (it carries fields, limit and the cursor).
  // List with the long-lived user token: Page tokens derived from it do not expire.
  const pages = [...firstPage.data];
  let url = firstPage.data.length > 0 ? nextPageUrl(firstPage.paging?.next) : undefined;
  for (let n = 1; url && n < MAX_PAGES; n++) {
    const body: z.output<typeof ZGraphPageList> = await graphCall("GET", url, ZGraphPageList, call);
    pages.push(...body.data);
    url = body.data.length > 0 ? nextPageUrl(body.paging?.next) : undefined;
  }
  return { pages, granted: granted.data.filter((p) => p.status === "granted").map((p) => p.permission), facebookUserId };
}

export type GrantedPages =
  | { ok: true; pages: FacebookPage[]; granted: string[]; facebookUserId: string | null }
  | { ok: false; code: "missing_scopes"; missingScopes: string[] };

/**
 * Every Page the user manages (one paged, field-expanded listing, batched with me/permissions)
 * and the permissions they granted. A permission of this login turned off in the Facebook dialog
 * is a `missing_scopes` answer naming it, before anything is stored.
 */
export async function fetchGrantedPages(
  login: FacebookLoginVariant,
  token: Pick<TokenSet, "accessToken">,
  ctx: Pick<HookContext, "credentials">,
  client?: HttpClient,
): Promise<GrantedPages> {
  const { pages, granted, facebookUserId } = await listPagesAndPermissions(token.accessToken, ctx.credentials, client);
  const have = new Set(granted);
  const missing = requiredFacebookScopes(login).filter((s) => !have.has(s));
  if (missing.length) return { ok: false, code: "missing_scopes", missingScopes: missing };
  return { ok: true, pages: toFacebookPages(pages), granted, facebookUserId };
}
