import "server-only";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import type { ClientCredentials, OAuthProvider, ProviderCatalog, TokenSet } from "@/lib/providers/types";
import { facebookCatalog } from "./catalog";
import { FACEBOOK_LOGINS, facebookLoginConfig, type FacebookLoginVariant } from "./config";
import { graphCall, graphUrl } from "./graph";
import { ZGraphMe, ZGraphSuccess, ZGraphTokenResponse, type TGraphTokenResponse } from "./schema";
import { parseGraphError } from "./transform";
import { providerJson } from "@/lib/providers/call";

/**
 * The `login` resource: the long-lived user token, who the user is, and removing the app — and
 * `facebookLogin`, which turns a login of `FACEBOOK_LOGINS` into a provider for the OAuth engine.
 */

/** `GET oauth/access_token?grant_type=fb_exchange_token` → the ~60-day user token. */
export async function exchangeForLongLived(shortLived: string, creds: ClientCredentials, client?: HttpClient): Promise<TGraphTokenResponse> {
  return providerJson(parseGraphError, graphUrl("oauth/access_token"), ZGraphTokenResponse, {
    query: {
      grant_type: "fb_exchange_token",
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
      fb_exchange_token: shortLived,
    },
    client,
  });
}

/** The short-lived user token from the code, swapped for the ~60-day one (Page tokens listed with it never expire). */
export async function longLivedUserToken(token: TokenSet, creds: ClientCredentials): Promise<TokenSet> {
  const long = await exchangeForLongLived(token.accessToken, creds);
  return { ...token, accessToken: long.access_token, expiresIn: long.expires_in ?? null };
}

/** `DELETE me/permissions`: removes the app from the user's account (every token it gave us dies). */
export async function revokeAllPermissions(userToken: string, creds: ClientCredentials, client?: HttpClient): Promise<void> {
  await graphCall("DELETE", "me/permissions", ZGraphSuccess, { token: userToken, creds, client });
}

/** `GET me?fields=id`: the app-scoped id of the Facebook user a user token belongs to. */
export async function facebookUserIdOf(userToken: string, creds: ClientCredentials, client?: HttpClient): Promise<string> {
  return (await graphCall("GET", "me", ZGraphMe, { token: userToken, creds, query: { fields: "id" }, client })).id;
}

/**
 * One Facebook Login as a provider: the engine exchanges the code and makes the token long-lived;
 * `parts` add what this login does after (list accounts, publish). Without `fetchAccounts` it
 * connects nothing (its callback does the work: remove the app, keep a connector token).
 */
export function facebookLogin(
  variant: FacebookLoginVariant,
  parts: Partial<Pick<OAuthProvider, "fetchAccounts" | "publishing" | "pictureHosts" | "removeApp">> & { catalog?: ProviderCatalog } = {},
): OAuthProvider {
  const { catalog, ...hooks } = parts;
  return {
    kind: "oauth2",
    catalog: catalog ?? { ...facebookCatalog, name: FACEBOOK_LOGINS[variant].name },
    get oauth() {
      return facebookLoginConfig(env().GRAPH_API_VERSION, variant);
    },
    exchangeForLongLivedToken: (token, ctx) => longLivedUserToken(token, ctx.credentials),
    fetchAccounts: async () => ({ ok: true, accounts: [] }),
    parseError: parseGraphError,
    ...hooks,
  };
}
