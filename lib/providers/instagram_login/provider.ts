import "server-only";
import type { OAuthProvider } from "@/lib/providers/types";
import { exchangeForLongLived, fetchProfile, refreshLongLived } from "./api";
import { env } from "@/lib/env";
import { igPublishing } from "@/lib/providers/instagram/publish";
import { INSTAGRAM_GRAPH_URL, instagramLoginOAuth } from "./config";
import { instagramLoginCatalog } from "./catalog";
import { longLivedToTokenSet, parseInstagramError, profileToAccount } from "./transform";

/** Instagram API with Instagram Login: a professional account without a Facebook Page. */
export const instagramLoginProvider: OAuthProvider = {
  kind: "oauth2",
  catalog: instagramLoginCatalog,
  oauth: instagramLoginOAuth,
  async exchangeForLongLivedToken(token, ctx) {
    return longLivedToTokenSet(await exchangeForLongLived(token.accessToken, ctx.credentials.clientSecret), token);
  },
  async fetchAccounts(token, ctx) {
    // No /{id}/instagram_business_account here: /me's user_id is the professional account id.
    const profile = await fetchProfile(token.accessToken, ctx.credentials);
    return { ok: true, accounts: [profileToAccount(profile, token)] };
  },
  async refreshAccessToken(accessToken) {
    // Instagram refreshes the long-lived access token itself; there is no refresh token.
    return longLivedToTokenSet(await refreshLongLived(accessToken));
  },
  parseError: parseInstagramError,
  pictureHosts: ["cdninstagram.com", "fbcdn.net"],
  publishing: igPublishing({ baseUrl: () => `${INSTAGRAM_GRAPH_URL}/${env().GRAPH_API_VERSION}`, parseError: parseInstagramError }),
};
