import type { TFailureCode } from "@/lib/errors/codes";
import { codesOf, isCodeOf } from "@/lib/errors/wording";

export interface InstagramFailureText {
  title: string;
  message: string;
  /** What to do now. */
  nextStep: string;
  /** Whether "Continue with Instagram" again can help. */
  retry: boolean;
}

/**
 * The sign-in screen's wording table: what a person reads when signing in with (or linking)
 * Instagram fails, and what to do next — codes of the one vocabulary (`lib/errors/codes.ts`).
 * Client-safe: the sign-in pages and the Settings card render these; internal error text never
 * reaches them. Connect flows use lib/oauth's table; sign-in needs its own words ("sign in again").
 */
export const INSTAGRAM_SIGN_IN_MESSAGES = {
  consent_denied: {
    title: "Instagram sign-in cancelled",
    message: "You cancelled on Instagram's page, so you were not signed in.",
    nextStep: "Try again and choose Allow, or use your email and password.",
    retry: true,
  },
  code_used: {
    title: "This Instagram sign-in link was already used",
    message: "Instagram said: Matching code was not found or was already used. The link from Instagram works once and expires after an hour.",
    nextStep: "Start again with Continue with Instagram.",
    retry: true,
  },
  start_again: {
    title: "This sign-in was not started here",
    message: "We could not match Instagram's answer to a sign-in started in this browser (it may have been started elsewhere, used already, or expired after 10 minutes).",
    nextStep: "Start again with Continue with Instagram.",
    retry: true,
  },
  misconfigured: {
    title: "Instagram sign-in is not set up correctly",
    message:
      "Instagram rejected this Switchboard's app settings — its redirect URL, or its app id or secret. This is a configuration problem, not something you did.",
    nextStep:
      "Tell your Switchboard administrator: the server log says which setting Instagram rejected (the redirect URL to register in the Instagram app, or INSTAGRAM_APP_ID / INSTAGRAM_APP_SECRET).",
    retry: false,
  },
  missing_scopes: {
    title: "Some Instagram permissions were not granted",
    message: "Switchboard needs every permission it asks Instagram for, to publish and answer messages for you.",
    nextStep: "Try again and keep every permission ticked.",
    retry: true,
  },
  not_configured: {
    title: "Instagram sign-in is not available",
    message: "This Switchboard has no Instagram app configured.",
    nextStep: "Use your email and password, or ask your administrator to set INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET.",
    retry: false,
  },
  provider_unavailable: {
    title: "Instagram is not answering",
    message: "Instagram did not respond, even after several tries. You were not signed in.",
    nextStep: "Wait a minute and try again.",
    retry: true,
  },
  rate_limited: {
    title: "Too many attempts",
    message: "There were many Instagram sign-ins from here in a short time.",
    nextStep: "Wait a few minutes and try again.",
    retry: true,
  },
  already_linked: {
    title: "This Instagram account belongs to another Switchboard account",
    message: "It is already linked to a different Switchboard account, so it was not linked to yours.",
    nextStep: "Sign in with Instagram to use that account, or link a different Instagram account.",
    retry: false,
  },
  signed_out: {
    title: "You were signed out",
    message: "Your session ended while you were on Instagram's page, so nothing was linked.",
    nextStep: "Sign in and link Instagram again from Settings.",
    retry: false,
  },
  internal: {
    title: "Something went wrong on our side",
    message: "You were not signed in.",
    nextStep: "Try again; if it keeps happening, tell your administrator.",
    retry: true,
  },
} satisfies Partial<Record<TFailureCode, InstagramFailureText>>;

/** The codes sign-in can end with: the keys of the table above (each one of the vocabulary's). */
export type InstagramSignInFailure = keyof typeof INSTAGRAM_SIGN_IN_MESSAGES;
export const INSTAGRAM_SIGN_IN_FAILURES = codesOf(INSTAGRAM_SIGN_IN_MESSAGES);
export const isInstagramSignInFailure = isCodeOf(INSTAGRAM_SIGN_IN_MESSAGES);

/** The query parameter that carries a failure code back to the sign-in page or Settings. */
export const INSTAGRAM_ERROR_PARAM = "instagram_error";
