/**
 * Every purpose an OAuth flow can have. The purpose is stored with the flow (`oauth_flows.purpose`)
 * and names its cookie, so a flow started for one purpose can only be finished by the callback of
 * that purpose. What a purpose does at its callback is its handler in `./handlers.ts`.
 */
export const OAUTH_PURPOSES = [
  /** Creator connections (Connections page): lib/connections/connect-purpose.ts. */
  "connect",
  /** "Remove Switchboard from <platform>" (the Disconnect dialog): lib/connections/remove-app.ts. */
  "facebook_remove_app",
  /** The organization's Messenger/Instagram messaging link (Integrations): lib/meta-messaging/callback.ts. */
  "meta_messaging",
  /** Sign in with (or link) Instagram: lib/instagram-sign-in/callback.ts. */
  "instagram_sign_in",
  /** A client granting an agency access to their assets through an access link: lib/agency/authorize.ts. */
  "agency_access",
  /** The headless connector API's server-side consent, answering another application: lib/connectors/oauth.ts. */
  "connector_oauth",
] as const;

export type TOAuthPurpose = (typeof OAUTH_PURPOSES)[number];
