import "server-only";
import { env } from "@/lib/env";
import { facebookLoginConfig } from "@/lib/providers/facebook/config";
import { fetchGrantedPages, longLivedUserToken } from "@/lib/providers/facebook/provider";
import { parseGraphError } from "@/lib/providers/facebook/transform";
import { OAuthFailure } from "@/lib/oauth/failures";
import type { OAuthProvider } from "@/lib/providers/types";
import { INSTAGRAM_SCOPES } from "./config";
import { instagramCatalog } from "./catalog";
import { igPublishing } from "./publish";
import { GRAPH_HOST } from "@/lib/providers/facebook/api";
import { instagramAccountsFromPages } from "./transform";

/** Instagram professional accounts through Facebook Login: the accounts are the Pages' linked Instagram accounts. */
export const instagramProvider: OAuthProvider = {
  kind: "oauth2",
  catalog: instagramCatalog,
  get oauth() {
    return facebookLoginConfig(env().GRAPH_API_VERSION, INSTAGRAM_SCOPES);
  },
  exchangeForLongLivedToken: (token, ctx) => longLivedUserToken(token, ctx.credentials),
  async fetchAccounts(token, ctx) {
    const { pages, granted, facebookUserId } = await fetchGrantedPages(instagramProvider, token, ctx);
    const result = instagramAccountsFromPages(pages, granted, facebookUserId);
    if (result.ok) return result.accounts;
    // no_pages / page_without_instagram: the engine's failure map says what to do.
    throw new OAuthFailure(result.code);
  },
  parseError: parseGraphError,
  pictureHosts: ["cdninstagram.com", "fbcdn.net"],
  publishing: igPublishing({ baseUrl: () => `${GRAPH_HOST}/${env().GRAPH_API_VERSION}`, parseError: parseGraphError }),
};
