import type { TApiErrorCode } from "@/lib/api/errors";
import { HttpError } from "@/lib/http";
import { ProviderError, type ProviderErrorKind } from "@/lib/providers/types";
import type { TFailureCode } from "./codes";

/**
 * THE place a provider failure becomes a code: by the kind its `parseError` gave it. `code` is
 * what the app's screens and callbacks show (the one vocabulary); `api` is what the connector
 * API answers its programs (`lib/connectors/errors.ts`), documented and stable, so it keeps
 * apart what a screen need not: a request Meta refused (the program can fix it) from an answer
 * Meta could not give.
 */
export const PROVIDER_FAILURES = {
  /** The provider refused the token (expired, revoked, or a code it would not exchange). */
  auth: { code: "invalid_grant", api: "provider_auth_failed" },
  /** A permission the call needs was not granted. */
  permission: { code: "missing_scopes", api: "provider_auth_failed" },
  rate_limit: { code: "provider_rate_limited", api: "provider_rate_limited" },
  transient: { code: "provider_unavailable", api: "provider_error" },
  // A request the provider calls malformed, or an answer we cannot read, is our problem, not the person's.
  invalid_input: { code: "internal", api: "validation_failed" },
  unknown: { code: "internal", api: "provider_error" },
} as const satisfies Record<ProviderErrorKind, { code: TFailureCode; api: TApiErrorCode }>;

type TFailures = typeof PROVIDER_FAILURES;

/** The screen code of each kind (a view of `PROVIDER_FAILURES`). */
export const PROVIDER_FAILURE_CODES = Object.fromEntries(Object.entries(PROVIDER_FAILURES).map(([kind, f]) => [kind, f.code])) as {
  readonly [K in ProviderErrorKind]: TFailures[K]["code"];
};

export type TProviderFailureCode = TFailures[ProviderErrorKind]["code"];
export type TProviderApiCode = TFailures[ProviderErrorKind]["api"] | "provider_error";

/** An HttpError that never got a usable answer (timeout, network, 5xx, 429). */
function unanswered(err: HttpError): boolean {
  if (err.kind === "timeout" || err.kind === "network") return true;
  const status = err.status ?? 0;
  return status >= 500 || status === 429;
}

/**
 * A provider failure's code: a ProviderError by kind; an HttpError that never got a usable answer
 * (timeout, network, 5xx, 429) is `provider_unavailable`. Null for anything else (the caller's
 * own errors, or a bug: the caller logs it and answers `internal`).
 */
export function providerFailureCode(err: unknown): TProviderFailureCode | null {
  if (err instanceof ProviderError) return PROVIDER_FAILURES[err.kind].code;
  if (err instanceof HttpError && unanswered(err)) return "provider_unavailable";
  return null;
}

/**
 * The same failure as the connector API's code: a ProviderError by kind, except one that got no
 * answer (timeout, dropped connection) which, like any HttpError, is `provider_error`. Null for
 * anything that is not a provider failure.
 */
export function providerApiCode(err: unknown): TProviderApiCode | null {
  if (err instanceof ProviderError) return err.noAnswer && err.cause instanceof HttpError ? "provider_error" : PROVIDER_FAILURES[err.kind].api;
  if (err instanceof HttpError) return "provider_error";
  return null;
}
