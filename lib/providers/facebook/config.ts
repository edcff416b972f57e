import type { TEnv } from "@/lib/env";
import type { ClientCredentials, OAuthConfig } from "@/lib/providers/types";
import { ZFacebookTokenSet } from "./schema";

/** Facebook Login with our Meta app (FACEBOOK_APP_ID / FACEBOOK_APP_SECRET). */
export function facebookCredentials(env: TEnv): ClientCredentials | null {
  return env.FACEBOOK_APP_ID && env.FACEBOOK_APP_SECRET ? { clientId: env.FACEBOOK_APP_ID, clientSecret: env.FACEBOOK_APP_SECRET } : null;
}

/**
 * Scopes for creator Facebook Pages. `business_management` is required for Pages owned through a
 * Business Portfolio to appear in me/accounts (since Graph v17).
 */
export const FACEBOOK_PAGE_SCOPES = ["pages_show_list", "pages_read_engagement", "pages_manage_posts", "business_management"] as const;

/**
 * Scopes a client grants an agency through an access link: the Marketing API's four (ad
 * accounts, businesses and their Instagram accounts, Page content) plus `pages_show_list`, which
 * `GET /me/accounts` (the Pages listing) requires. Exactly these are requested (O8).
 */
export const META_CLIENT_ACCESS_SCOPES = ["ads_management", "ads_read", "business_management", "pages_read_engagement", "pages_show_list"] as const;

/** The Facebook Login dialog and token endpoint for a Graph version. */
export function facebookLoginUrls(version: string): { authorizeUrl: string; tokenUrl: string } {
  return {
    authorizeUrl: `https://www.facebook.com/${version}/dialog/oauth`,
    tokenUrl: `https://graph.facebook.com/${version}/oauth/access_token`,
  };
}

/** Facebook Login as data, for a given scope list (Pages, Instagram via Pages, Messenger share it). */
export function facebookLoginConfig(version: string, scopes: readonly string[]): OAuthConfig {
  return {
    ...facebookLoginUrls(version),
    // Facebook's token endpoint is a GET with the client secret in the query.
    tokenRequestMethod: "GET",
    scopes: () => scopes,
    scopeSeparator: ",",
    // Facebook Login for a confidential web app: no PKCE on the code exchange (the secret authenticates).
    pkce: false,
    tokenAuthMethod: "body",
    credentials: facebookCredentials,
    tokenSchema: ZFacebookTokenSet,
    targets: ["default"],
  } satisfies OAuthConfig;
}
