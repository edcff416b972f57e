import "server-only";
import { env } from "@/lib/env";
import { facebookCatalog } from "@/lib/providers/facebook/catalog";
import { facebookLoginConfig, META_CLIENT_ACCESS_SCOPES } from "@/lib/providers/facebook/config";
import { longLivedUserToken } from "@/lib/providers/facebook/provider";
import { parseGraphError } from "@/lib/providers/facebook/transform";
import type { OAuthProvider } from "@/lib/providers/types";

/** The OAuth purpose of a client's authorization through an agency's access link. */
export const AGENCY_ACCESS_PURPOSE = "agency_access";
/** Registered with the Meta app exactly (O5). */
export const AGENCY_ACCESS_CALLBACK_PATH = "/api/access/meta/callback";

/**
 * Facebook Login with the Marketing API scopes, for the one OAuth engine: the engine exchanges
 * the code and then the short-lived token for the ~60-day one; the callback stores it as a client
 * connection (lib/agency/authorize.ts) instead of creating social connections.
 */
export const agencyAccessLogin: OAuthProvider = {
  kind: "oauth2",
  catalog: { ...facebookCatalog, name: "Meta (ad accounts, Pages and Instagram)" },
  get oauth() {
    return facebookLoginConfig(env().GRAPH_API_VERSION, META_CLIENT_ACCESS_SCOPES);
  },
  exchangeForLongLivedToken: (token, ctx) => longLivedUserToken(token, ctx.credentials),
  // This login connects no social accounts: the callback lists assets for the client instead.
  fetchAccounts: async () => [],
  parseError: parseGraphError,
};
