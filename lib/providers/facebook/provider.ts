import "server-only";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { missingScopes } from "@/lib/oauth/engine";
import { OAuthFailure } from "@/lib/oauth/failures";
import type { HookContext, OAuthProvider, TokenSet } from "@/lib/providers/types";
import { exchangeForLongLived, listPagesAndPermissions } from "./api";
import { FACEBOOK_PAGE_SCOPES, facebookLoginConfig } from "./config";
import { facebookMeta } from "./meta";
import { pageToConnectable, parseGraphError, toFacebookPages, type FacebookPage } from "./transform";
import type { ClientCredentials } from "@/lib/providers/types";

/** The short-lived user token from the code, swapped for the ~60-day one (Page tokens listed with it never expire). */
export async function longLivedUserToken(token: TokenSet, creds: ClientCredentials): Promise<TokenSet> {
  const long = await exchangeForLongLived(token.accessToken, creds);
  return { ...token, accessToken: long.access_token, expiresIn: long.expires_in ?? null };
}

/**
 * Every Page the user manages (one paged, field-expanded listing, batched with me/permissions)
 * and the permissions they granted. A permission turned off in the Facebook dialog ends the
 * connect with `missing_scopes` naming it, before anything is stored.
 */
export async function fetchGrantedPages(
  provider: Pick<OAuthProvider, "oauth">,
  token: TokenSet,
  ctx: Pick<HookContext, "target" | "credentials">,
  client?: HttpClient,
): Promise<{ pages: FacebookPage[]; granted: string[] }> {
  const { pages, granted } = await listPagesAndPermissions(token.accessToken, ctx.credentials, client);
  const missing = missingScopes(provider, ctx.target, granted);
  if (missing.length) throw new OAuthFailure("missing_scopes", `declined: ${missing.join(",")}`, missing);
  return { pages: toFacebookPages(pages), granted };
}

/** Facebook Pages for creators: one connection per chosen Page, holding that Page's token. */
export const facebookProvider: OAuthProvider = {
  kind: "oauth2",
  meta: facebookMeta,
  get oauth() {
    return facebookLoginConfig(env().GRAPH_API_VERSION, FACEBOOK_PAGE_SCOPES);
  },
  exchangeForLongLivedToken: (token, ctx) => longLivedUserToken(token, ctx.credentials),
  async fetchAccounts(token, ctx) {
    const { pages, granted } = await fetchGrantedPages(facebookProvider, token, ctx);
    if (pages.length === 0) throw new OAuthFailure("no_pages");
    return pages.map((p) => pageToConnectable(p, granted));
  },
  // No revokeToken: disconnecting one Page must not remove the app from the person's Facebook
  // account (DELETE me/permissions kills every Page token they gave us, other Pages and the
  // organization's Messenger link included). That is `revokeAllPermissions`, for an explicit
  // "remove Switchboard from Facebook" with a user token; connections hold Page tokens.
  parseError: parseGraphError,
};
