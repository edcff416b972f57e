import "server-only";
import { env } from "@/lib/env";
import { facebookLoginConfig } from "@/lib/providers/facebook/config";
import { facebookCatalog } from "@/lib/providers/facebook/catalog";
import { fetchGrantedPages, longLivedUserToken } from "@/lib/providers/facebook/provider";
import { pageToConnectable, parseGraphError } from "@/lib/providers/facebook/transform";
import type { OAuthProvider } from "@/lib/providers/types";
import { META_MESSAGING_SCOPES } from "./constants";

/**
 * Facebook Login with the messaging scopes, for the one OAuth engine (lib/oauth): the engine
 * exchanges the code and runs the long-lived exchange; the callback then lists the Pages itself
 * (it keeps them for the picker instead of creating social connections).
 */
export const metaMessagingLogin: OAuthProvider = {
  kind: "oauth2",
  catalog: { ...facebookCatalog, name: "Meta (Messenger and Instagram DMs)" },
  get oauth() {
    return facebookLoginConfig(env().GRAPH_API_VERSION, META_MESSAGING_SCOPES);
  },
  exchangeForLongLivedToken: (token, ctx) => longLivedUserToken(token, ctx.credentials),
  async fetchAccounts(token, ctx) {
    const { pages, granted } = await fetchGrantedPages(metaMessagingLogin, token, ctx);
    return pages.map((p) => pageToConnectable(p, granted));
  },
  parseError: parseGraphError,
};
