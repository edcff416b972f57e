import "server-only";
import type { TFailureCode } from "@/lib/errors/codes";
import { oauthRedirect, type CookieToSet } from "@/lib/oauth";
import { INSTAGRAM_ERROR_PARAM, type InstagramSignInFailure } from "./messages";

/** Where an Instagram sign-in or link was started; failures go back there with a message. */
export type TInstagramSignInOrigin = "sign-in" | "sign-up" | "settings";

export function parseOrigin(value: unknown): TInstagramSignInOrigin {
  return value === "sign-up" || value === "settings" ? value : "sign-in";
}

const PAGES: Record<TInstagramSignInOrigin, string> = {
  "sign-in": "/sign-in",
  "sign-up": "/sign-up",
  settings: "/settings/tab/general",
};

/** The page the person started from, naming what went wrong. */
export function failureLocation(from: TInstagramSignInOrigin, code: TFailureCode): string {
  return `${PAGES[from]}?${INSTAGRAM_ERROR_PARAM}=${code}`;
}

/** A 303 (no-referrer, no-store) to the page the person started from, naming what went wrong. */
export function failureRedirect(from: TInstagramSignInOrigin, code: InstagramSignInFailure, cookies: CookieToSet[] = []): Response {
  return oauthRedirect(failureLocation(from, code), cookies);
}

/** The engine's failure codes, in sign-in words. */
export function signInFailureOf(code: TFailureCode): InstagramSignInFailure {
  switch (code) {
    case "consent_denied":
      return "consent_denied";
    case "invalid_grant":
      // "Matching code was not found or was already used" (or expired): start again.
      return "code_used";
    case "state_missing":
    case "state_mismatch":
    case "state_used_or_expired":
    case "session_mismatch":
    case "selection_expired":
      return "start_again";
    case "misconfigured":
      return "misconfigured";
    case "not_configured":
      return "not_configured";
    case "provider_unavailable":
    case "provider_rate_limited":
      return "provider_unavailable";
    case "rate_limited":
      return "rate_limited";
    case "missing_scopes":
      return "missing_scopes";
    case "signed_out":
      return "signed_out";
    default:
      return "internal";
  }
}
