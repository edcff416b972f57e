import { isCodeOf } from "@/lib/errors/wording";

/**
 * The one error vocabulary of server actions and JSON route handlers, and the one table that
 * gives each code its HTTP status. A route answers `{error:{code,message,details?}}` with this
 * status; an action returns `{ok:false,error:{code,message}}`. Add a code here (with its status)
 * before using it anywhere. Client-safe: no server imports.
 */
export const API_ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  /** A signature (webhook) or credential that does not verify. */
  bad_signature: 401,
  forbidden: 403,
  /** A cookie-authenticated write from another site (CSRF) or without Origin/Sec-Fetch-Site. */
  cross_origin: 403,
  not_found: 404,
  /** The organization has no such connection (e.g. no Facebook Page linked). */
  not_connected: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** A short-lived choice (a pending Page list) that has expired. */
  selection_expired: 410,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  not_configured: 503,
  // The connector API's codes (Airbyte-compatible, issue 16): API-key routes answer these.
  /** No API key, or an unknown or revoked one. */
  unauthorized: 401,
  /** Invalid input on an API-key route; `details.issues` (or `fieldErrors`) name the fields. */
  validation_failed: 400,
  /** Meta refused the connector's token (invalid, expired, missing a permission). */
  provider_auth_failed: 422,
  /** Meta is throttling; `details.retry_after` seconds (and Retry-After). */
  provider_rate_limited: 429,
  /** Meta failed otherwise. */
  provider_error: 502,
} as const satisfies Record<string, number>;

export type TApiErrorCode = keyof typeof API_ERROR_STATUS;

export const isApiErrorCode = isCodeOf(API_ERROR_STATUS);

/** The body of every JSON error. `details` carries machine-readable extras (field errors, seconds to wait). */
export interface TApiErrorBody {
  error: { code: TApiErrorCode; message: string; details?: Record<string, unknown> };
}
