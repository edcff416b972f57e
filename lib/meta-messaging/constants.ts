/**
 * Facts of the organization Meta connection (issue 6). Client-safe: no server imports.
 */

// The scopes it asks for are the `messaging` Facebook Login (lib/providers/facebook/config.ts).

/** The OAuth flow purpose recorded with the state (lib/oauth). */
export const META_MESSAGING_PURPOSE = "meta_messaging";

/** Where Facebook sends the browser back; register it in the Meta app's Valid OAuth Redirect URIs. */
export const META_MESSAGING_CALLBACK_PATH = "/integrations/meta-messaging/oauth/callback";

/** Where Meta delivers webhooks (and verifies them); register it in the Meta app's Webhooks settings. */
export const META_WEBHOOK_PATH = "/api/webhooks/meta";

export const INTEGRATIONS_PATH = "/settings/tab/integrations";

/** How long a several-Pages authorization waits for the pick. One constant; checked against the database clock. */
export const PENDING_PAGES_TTL_SECONDS = 5 * 60;

/** Page-level webhook fields (POST /{page-id}/subscribed_apps). */
export const PAGE_WEBHOOK_FIELDS = ["messages", "message_deliveries", "message_reads", "message_echoes"] as const;

/** App-level subscriptions (POST /{app-id}/subscriptions), one per object. */
export const APP_WEBHOOK_SUBSCRIPTIONS = [
  { object: "page", fields: ["messages", "message_deliveries", "message_reads", "message_echoes"] },
  // messaging_seen: Instagram read receipts (`read:{mid}`), what moves a reply to "read".
  { object: "instagram", fields: ["messages", "messaging_seen"] },
] as const;

/** Each person's budget on the Meta JSON routes (/api/integrations/meta/*). */
export const META_API_RATE_LIMIT = { scope: "meta-integration", limit: 60, windowMs: 60_000 } as const;
