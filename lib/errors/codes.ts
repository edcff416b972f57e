import type { TApiErrorCode } from "@/lib/api/errors";

/**
 * THE failure vocabulary: every code a flow, an action or a route can end with. Each screen has
 * its own wording table over a subset of these (the Connections page: `lib/oauth/failures.ts`;
 * the Integrations card: `lib/meta-messaging/errors.ts`; sign-in with Instagram:
 * `lib/instagram-sign-in/messages.ts`; JSON routes and actions: `lib/api/errors.ts` with its HTTP
 * statuses). A new code goes here first, then into the tables of the screens that can show it.
 * Client-safe: no server imports.
 */
export const FAILURE_CODES = [
  // The OAuth callback (engine and purposes).
  "consent_denied",
  "state_missing",
  "state_mismatch",
  "state_used_or_expired",
  "session_mismatch",
  "signed_out",
  "invalid_grant",
  "code_used",
  "start_again",
  "missing_scopes",
  "misconfigured",
  "wrong_account",
  "already_linked",
  // What an authorization can connect.
  "no_accounts",
  "no_pages",
  "page_without_instagram",
  "linkedin_company_not_approved",
  "selection_expired",
  "unknown_platform",
  // A bot connect (Telegram).
  "bad_token",
  "not_admin",
  "unknown_chat",
  // The provider.
  "provider_unavailable",
  "provider_auth_failed",
  "provider_rate_limited",
  "provider_error",
  // Who is asking, and how.
  "unauthenticated",
  "unauthorized",
  "forbidden",
  "bad_signature",
  "cross_origin",
  "rate_limited",
  // The request and what it names.
  "invalid_input",
  "validation_failed",
  "not_found",
  "not_connected",
  "conflict",
  "method_not_allowed",
  "unsupported_media_type",
  // This server.
  "not_configured",
  "not_implemented",
  "internal",
] as const;

export type TFailureCode = (typeof FAILURE_CODES)[number];

export function isFailureCode(value: unknown): value is TFailureCode {
  return typeof value === "string" && (FAILURE_CODES as readonly string[]).includes(value);
}

type TSubsetOfVocabulary<T extends TFailureCode> = T;
/** The codes actions and JSON routes answer (each with an HTTP status, `lib/api/errors.ts`): part of the one vocabulary, or this does not compile. */
export type TApiFailureCode = TSubsetOfVocabulary<TApiErrorCode>;
