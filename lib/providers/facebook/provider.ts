import "server-only";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { missingScopes } from "@/lib/oauth/engine";
import { OAuthFailure } from "@/lib/oauth/failures";
import type { HookContext, OAuthProvider, TokenSet } from "@/lib/providers/types";
import { exchangeForLongLived, facebookUserIdOf, listPagesAndPermissions, revokeAllPermissions } from "./api";
import { FACEBOOK_PAGE_SCOPES, facebookLoginConfig } from "./config";
import { facebookCatalog } from "./catalog";
import { facebookPublishing } from "./publish";
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
): Promise<{ pages: FacebookPage[]; granted: string[]; facebookUserId: string | null }> {
  const { pages, granted, facebookUserId } = await listPagesAndPermissions(token.accessToken, ctx.credentials, client);
  const missing = missingScopes(provider, ctx.target, granted);
  if (missing.length) throw new OAuthFailure("missing_scopes", `declined: ${missing.join(",")}`, missing);
  return { pages: toFacebookPages(pages), granted, facebookUserId };
}

/** Facebook Pages for creators: one connection per chosen Page, holding that Page's token. */
export const facebookProvider: OAuthProvider = {
  kind: "oauth2",
  catalog: facebookCatalog,
  get oauth() {
    return facebookLoginConfig(env().GRAPH_API_VERSION, FACEBOOK_PAGE_SCOPES);
  },
  exchangeForLongLivedToken: (token, ctx) => longLivedUserToken(token, ctx.credentials),
  async fetchAccounts(token, ctx) {
    const { pages, granted, facebookUserId } = await fetchGrantedPages(facebookProvider, token, ctx);
    if (pages.length === 0) throw new OAuthFailure("no_pages");
    return pages.map((p) => pageToConnectable(p, granted, facebookUserId));
  },
  // No revokeToken: disconnecting one Page must not remove the app from the person's Facebook
  // account (DELETE me/permissions kills every Page token they gave us, other Pages and the
  // organization's Messenger link included). Connections hold Page tokens only, never the user
  // token, so that is a separate, explicit action: "Remove Switchboard from Facebook…" in the
  // Disconnect dialog starts a Facebook Login round trip with `facebookRemoveAppLogin` (purpose
  // `facebook_remove_app`), and the callback calls `revokeAllPermissions` with the fresh user
  // token, then deletes the organization's facebook/instagram connections whose
  // `details.facebookUserId` is that user (lib/connections/remove-app.ts).
  parseError: parseGraphError,
  publishing: facebookPublishing,
  pictureHosts: ["fbcdn.net", "fbsbx.com"],
  removeApp: {
    get login() {
      return facebookRemoveAppLogin;
    },
    async revoke(userToken, credentials, client) {
      // Who first (me?fields=id), then DELETE me/permissions: every user and Page token they gave us dies.
      const facebookUserId = await facebookUserIdOf(userToken, credentials, client);
      await revokeAllPermissions(userToken, credentials, client);
      return facebookUserId;
    },
    // Instagram connections through Facebook Login hold Page tokens of the same grant.
    connectionPlatforms: ["facebook", "instagram"],
    grantedBy: (details) => details?.facebookUserId || null,
  },
};

/** The scope of the "Remove Switchboard from Facebook" login: just enough for a user token. */
export const REMOVE_APP_SCOPES = ["public_profile"] as const;

/**
 * Facebook Login for "Remove Switchboard from Facebook": the same app, callback and code
 * exchange as `facebookProvider`, asking only for `public_profile` (`facebookProvider.removeApp.login`).
 */
export const facebookRemoveAppLogin: OAuthProvider = {
  kind: "oauth2",
  catalog: facebookCatalog,
  get oauth() {
    return facebookLoginConfig(env().GRAPH_API_VERSION, REMOVE_APP_SCOPES);
  },
  exchangeForLongLivedToken: facebookProvider.exchangeForLongLivedToken,
  // This login lists nothing: its callback removes the app instead (lib/connections/remove-app.ts).
  fetchAccounts: async () => [],
  parseError: parseGraphError,
};
