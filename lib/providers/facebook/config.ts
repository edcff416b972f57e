import type { TEnv } from "@/lib/env";
import type { ClientCredentials, OAuthConfig } from "@/lib/providers/types";
import { ZFacebookTokenSet } from "./schema";

/** Facebook Login with our Meta app (FACEBOOK_APP_ID / FACEBOOK_APP_SECRET). */
export function facebookCredentials(env: TEnv): ClientCredentials | null {
  return env.FACEBOOK_APP_ID && env.FACEBOOK_APP_SECRET ? { clientId: env.FACEBOOK_APP_ID, clientSecret: env.FACEBOOK_APP_SECRET } : null;
}

/**
 * Every Facebook Login the app runs, as data: the same app, dialog, callback and code exchange;
 * only the scopes asked for (exactly these, SECURITY O8) and the ones that must be granted differ.
 * A new login (agency access…) is one more entry here, turned into a provider by `facebookLogin`.
 */
export const FACEBOOK_LOGINS = {
  /**
   * Creator Facebook Pages. `business_management` is required for Pages owned through a Business
   * Portfolio to appear in me/accounts (since Graph v17).
   */
  pages: {
    name: "Facebook Page",
    scopes: ["pages_show_list", "pages_read_engagement", "pages_manage_posts", "business_management"],
  },
  /**
   * Creator Instagram professional accounts through their Pages; `business_management` makes
   * Business-Portfolio Pages (and so their Instagram accounts) visible.
   */
  instagram: {
    name: "Instagram",
    scopes: ["instagram_basic", "instagram_content_publish", "pages_show_list", "pages_read_engagement", "business_management"],
  },
  /** The organization's Messenger and Instagram DM link. */
  messaging: {
    name: "Meta (Messenger and Instagram DMs)",
    scopes: [
      "pages_messaging",
      "instagram_manage_messages",
      "pages_show_list",
      "instagram_basic",
      // Needed to subscribe the Page to webhooks (POST /{page}/subscribed_apps).
      "pages_manage_metadata",
      // Without it, Pages owned through a Business Portfolio are missing from me/accounts.
      "business_management",
    ],
  },
  /** "Remove Switchboard from Facebook": just enough for a user token to call DELETE me/permissions. */
  remove_app: { name: "Facebook", scopes: ["public_profile"] },
  /**
   * A client's authorization through an agency's access link: the Marketing API's four (ad
   * accounts, businesses and their Instagram accounts, Page content) plus `pages_show_list`, which
   * `GET /me/accounts` (the Pages listing) requires.
   */
  agency: {
    name: "Meta (ad accounts, Pages and Instagram)",
    scopes: ["ads_management", "ads_read", "business_management", "pages_read_engagement", "pages_show_list"],
  },
  /** The connector API's server-side OAuth (Marketing API); `ads_read` is the one it cannot work without. */
  connector: { name: "Meta Marketing (connector API)", scopes: ["ads_read", "ads_management", "business_management"], requiredScopes: ["ads_read"] },
} as const satisfies Record<string, { name: string; scopes: readonly string[]; requiredScopes?: readonly string[] }>;

export type FacebookLoginVariant = keyof typeof FACEBOOK_LOGINS;

/** The scopes that must have been granted for a login (all it asks for, unless it says fewer). */
export function requiredFacebookScopes(variant: FacebookLoginVariant): readonly string[] {
  const spec: { scopes: readonly string[]; requiredScopes?: readonly string[] } = FACEBOOK_LOGINS[variant];
  return spec.requiredScopes ?? spec.scopes;
}

/** The scopes a client grants an agency through an access link (the `agency` login). */
export const META_CLIENT_ACCESS_SCOPES = FACEBOOK_LOGINS.agency.scopes;

/** The Facebook Login dialog and token endpoint for a Graph version. */
export function facebookLoginUrls(version: string): { authorizeUrl: string; tokenUrl: string } {
  return {
    authorizeUrl: `https://www.facebook.com/${version}/dialog/oauth`,
    tokenUrl: `https://graph.facebook.com/${version}/oauth/access_token`,
  };
}

/** Facebook Login as data for the OAuth engine, for one of the logins above. */
export function facebookLoginConfig(version: string, variant: FacebookLoginVariant): OAuthConfig {
  // Read on every call a provider makes (credentials, targets): built once per version and login.
  const key = `${version} ${variant}`;
  let config = loginConfigs.get(key);
  if (!config) loginConfigs.set(key, (config = buildLoginConfig(version, variant)));
  return config;
}
const loginConfigs = new Map<string, OAuthConfig>();

function buildLoginConfig(version: string, variant: FacebookLoginVariant): OAuthConfig {
  const required = requiredFacebookScopes(variant);
  return {
    ...facebookLoginUrls(version),
    // Facebook's token endpoint is a GET with the client secret in the query.
    tokenRequestMethod: "GET",
    scopes: () => FACEBOOK_LOGINS[variant].scopes,
    requiredScopes: () => required,
    scopeSeparator: ",",
    // Facebook Login for a confidential web app: no PKCE on the code exchange (the secret authenticates).
    pkce: false,
    tokenAuthMethod: "body",
    credentials: facebookCredentials,
    tokenSchema: ZFacebookTokenSet,
    targets: ["default"],
  } satisfies OAuthConfig;
}
