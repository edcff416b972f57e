import { HttpError } from "@/lib/http";
import { ProviderError, type ProviderErrorKind } from "@/lib/providers/types";
import type { TFailureCode } from "./codes";

/** THE place a provider failure becomes a failure code: by the kind its `parseError` gave it. */
export const PROVIDER_FAILURE_CODES = {
  /** The provider refused the token (expired, revoked, or a code it would not exchange). */
  auth: "invalid_grant",
  /** A permission the call needs was not granted. */
  permission: "missing_scopes",
  rate_limit: "provider_rate_limited",
  transient: "provider_unavailable",
  // A request the provider calls malformed, or an answer we cannot read, is our problem, not the person's.
  invalid_input: "internal",
  unknown: "internal",
} as const satisfies Record<ProviderErrorKind, TFailureCode>;

export type TProviderFailureCode = (typeof PROVIDER_FAILURE_CODES)[ProviderErrorKind];

/**
 * A provider failure's code: a ProviderError by kind; an HttpError that never got a usable answer
 * (timeout, network, 5xx, 429) is `provider_unavailable`. Null for anything else (the caller's
 * own errors, or a bug: the caller logs it and answers `internal`).
 */
export function providerFailureCode(err: unknown): TProviderFailureCode | null {
  if (err instanceof ProviderError) return PROVIDER_FAILURE_CODES[err.kind];
  if (err instanceof HttpError) {
    if (err.kind === "timeout" || err.kind === "network") return "provider_unavailable";
    const status = err.status ?? 0;
    if (status >= 500 || status === 429) return "provider_unavailable";
  }
  return null;
}
