import "server-only";
import { agencyAccessPurpose } from "@/lib/agency/authorize";
import { connectPurpose } from "@/lib/connections/connect-purpose";
import { connectorOAuthPurpose } from "@/lib/connectors/oauth";
import { removeAppPurpose } from "@/lib/connections/remove-app";
import { instagramSignInPurpose } from "@/lib/instagram-sign-in/callback";
import { metaMessagingPurpose } from "@/lib/meta-messaging/callback";
import type { CallbackPurpose } from "./callback";
import type { TOAuthPurpose } from "./purposes";

/**
 * THE REGISTRY OF CALLBACK PURPOSES: what each purpose does once the engine has verified its flow
 * (`./callback.ts` runs it). A new purpose: its name in `./purposes.ts`, a `CallbackPurpose`
 * beside its feature (handler returning done | choose | failed(code), failure screen, limit),
 * one line here, and a callback route that calls `finishCallback(db, {…, purposes: [name]})`.
 */
export const CALLBACK_HANDLERS = {
  connect: connectPurpose,
  facebook_remove_app: removeAppPurpose,
  meta_messaging: metaMessagingPurpose,
  instagram_sign_in: instagramSignInPurpose,
  agency_access: agencyAccessPurpose,
  connector_oauth: connectorOAuthPurpose,
} satisfies { [K in TOAuthPurpose]: CallbackPurpose<K> };

/** The purposes a callback route can finish. */
export type TRegisteredPurpose = keyof typeof CALLBACK_HANDLERS;
