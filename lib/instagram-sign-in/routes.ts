import "server-only";
import type { TFailureCode } from "@/lib/errors/codes";
import { oauthRedirect, type CookieToSet } from "@/lib/oauth";
import { INSTAGRAM_ERROR_PARAM, isInstagramSignInFailure, type InstagramSignInFailure } from "./messages";

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

/** The engine's codes the sign-in screen says in its own words; a code it words itself stays. */
const IN_SIGN_IN_WORDS: Partial<Record<TFailureCode, InstagramSignInFailure>> = {
  // "Matching code was not found or was already used" (or expired): start again.
  invalid_grant: "code_used",
  state_missing: "start_again",
  state_mismatch: "start_again",
  state_used_or_expired: "start_again",
  session_mismatch: "start_again",
  selection_expired: "start_again",
  // Sign-in tells a throttling Instagram like one that does not answer: wait and try again.
  provider_rate_limited: "provider_unavailable",
};

/** A code of the one vocabulary, as the sign-in screen says it (anything it has no words for: internal). */
export function signInFailureOf(code: TFailureCode): InstagramSignInFailure {
  return IN_SIGN_IN_WORDS[code] ?? (isInstagramSignInFailure(code) ? code : "internal");
}
