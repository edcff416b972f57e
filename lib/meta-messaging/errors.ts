import type { TFailureCode } from "@/lib/errors/codes";
import { isCodeOf } from "@/lib/errors/wording";

/**
 * The Integrations card's wording table: the codes of the one vocabulary (`lib/errors/codes.ts`)
 * the organization Meta connection can end with — in `?meta_error=<code>` and in API answers
 * `{error:{code,message}}` — and what each tells the person to do. Client-safe.
 */
export const META_ERROR_MESSAGES = {
  consent_denied: "You cancelled the Facebook dialog, so nothing was connected. Click Connect with Facebook when you're ready.",
  state_mismatch:
    "This sign-in answer does not match the connect this browser started (it was tampered with or belongs to another attempt). Click Connect with Facebook to start again.",
  state_missing:
    "We could not find the connect you started in this browser (it was started elsewhere, or cookies were cleared). Click Connect with Facebook to start again.",
  session_mismatch: "This Facebook sign-in was started by another Switchboard account or workspace, so nothing was saved. Switch back to it, or connect again here.",
  signed_out: "Your session ended while you were on Facebook. Sign in and connect again.",
  misconfigured: "Facebook rejected this server's Meta app settings (app id, secret or redirect URL). Tell your administrator; the server log has the details.",
  state_used_or_expired: "This Facebook sign-in link was already used or has expired (it works once, for 10 minutes). Check the card below; connect again if the Page is missing.",
  invalid_grant: "Facebook did not accept the sign-in (the code was invalid or expired). Click Connect with Facebook to try again.",
  no_pages:
    "Your Facebook account doesn't manage any Page we can use. Make sure you're an admin of the Page (or of the Business Portfolio that owns it) and that you ticked it in the Facebook dialog, then connect again.",
  missing_scopes:
    "Facebook did not grant every permission we need (Pages list, messaging and Page settings). Connect again and keep all permissions ticked.",
  provider_unavailable: "Facebook isn't answering right now. Nothing was changed; try again in a few minutes.",
  provider_rate_limited: "Facebook is limiting requests from this app right now. Wait a few minutes, then try again.",
  selection_expired: "The list of Pages expired: you have 5 minutes to pick one. Click Connect with Facebook to get the list again.",
  not_configured: "The Meta app is not configured on this server (FACEBOOK_APP_ID and FACEBOOK_APP_SECRET). Ask your administrator.",
  forbidden: "Only organization owners and admins can connect or disconnect Meta.",
  not_found: "That Page is not in your pending list. Click Connect with Facebook to start again.",
  not_connected: "No Facebook Page is connected.",
  invalid_input: "The request is missing something or is malformed.",
  unauthenticated: "Your session has ended. Sign in again.",
  internal: "Something went wrong on our side. Please try again.",
} as const satisfies Partial<Record<TFailureCode, string>>;

export type TMetaErrorCode = keyof typeof META_ERROR_MESSAGES;

export const isMetaErrorCode = isCodeOf(META_ERROR_MESSAGES);

/** The message for a code from a URL (unknown codes get a generic one; the URL text is never shown). */
export function metaErrorMessage(code: unknown): string {
  return isMetaErrorCode(code) ? META_ERROR_MESSAGES[code] : META_ERROR_MESSAGES.internal;
}

/** A failure a domain function ends with; routes turn it into JSON or a redirect. */
export class MetaMessagingError extends Error {
  constructor(
    public readonly code: TMetaErrorCode,
    message: string = META_ERROR_MESSAGES[code],
  ) {
    super(message);
    this.name = "MetaMessagingError";
  }
}
