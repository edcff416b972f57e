import type { TFailureCode } from "@/lib/errors/codes";
import { codesOf, isCodeOf } from "@/lib/errors/wording";

export interface FailureText {
  title: string;
  message: string;
  /** What to do now. */
  nextStep: string;
  /** Whether a "Connect again" button makes sense. */
  retry: boolean;
}

/**
 * The Connections page's wording table: the codes of the one vocabulary (`lib/errors/codes.ts`)
 * a connect can end with, each with the message a person reads and what to do next (STYLE 12).
 * Client-safe: pages render these; internal error text never reaches them.
 */
export const OAUTH_FAILURES = {
  consent_denied: {
    title: "Connection cancelled",
    message: "You cancelled on the provider's page, so nothing was connected.",
    nextStep: "Connect again and choose Allow when you are ready.",
    retry: true,
  },
  state_missing: {
    title: "This connect was not started in this browser",
    message: "We could not find the connect you started here — it may have been started in another browser or your cookies were cleared.",
    nextStep: "Start the connection again from this page.",
    retry: true,
  },
  state_mismatch: {
    title: "This link does not match your connect",
    message: "The answer from the provider does not belong to the connect this browser started, so we stopped for your safety.",
    nextStep: "Start the connection again from this page.",
    retry: true,
  },
  state_used_or_expired: {
    title: "This link was already used",
    message: "This link was already used or has expired (connect links last 10 minutes and work once).",
    nextStep: "Check your connections below; if the account is missing, connect it again.",
    retry: true,
  },
  session_mismatch: {
    title: "Started by another account",
    message: "This connect was started by a different Switchboard account or workspace, so nothing was connected.",
    nextStep: "Switch to the workspace you started from, or connect again here.",
    retry: true,
  },
  signed_out: {
    title: "You were signed out",
    message: "Your session ended while you were on the provider's page.",
    nextStep: "Sign in and connect again.",
    retry: false,
  },
  invalid_grant: {
    title: "The provider did not accept the authorization",
    message: "The authorization code was rejected — it may have expired or been used already.",
    nextStep: "Connect again; it only takes a moment.",
    retry: true,
  },
  missing_scopes: {
    title: "Some permissions were not granted",
    message: "Switchboard needs every permission it asked for to publish for you.",
    nextStep: "Reconnect and keep every permission ticked.",
    retry: true,
  },
  no_accounts: {
    title: "Nothing to connect",
    message: "This login has no account we can publish to.",
    nextStep: "Check that you signed in with the right account, then connect again.",
    retry: true,
  },
  no_pages: {
    title: "No Pages found",
    message: "This Facebook account manages no Pages (or did not share any with Switchboard).",
    nextStep: "Create a Page or ask to be made an admin of one, then connect again and tick it.",
    retry: true,
  },
  page_without_instagram: {
    title: "No Instagram account linked",
    message: "The Pages you shared have no Instagram professional account linked to them.",
    nextStep: "Link an Instagram professional account to your Page in Meta Business Suite, then connect again.",
    retry: true,
  },
  linkedin_company_not_approved: {
    title: "LinkedIn company pages are not enabled yet",
    message:
      "LinkedIn refused access to company pages (ACCESS_DENIED): this Switchboard's LinkedIn app has not been approved for the Community Management API.",
    nextStep: "Ask your Switchboard administrator to request Community Management API access for the LinkedIn company app, or connect your personal profile instead.",
    retry: false,
  },
  provider_unavailable: {
    title: "The provider is not answering",
    message: "The provider did not respond, even after several tries. Nothing was connected.",
    nextStep: "Wait a minute and connect again.",
    retry: true,
  },
  provider_rate_limited: {
    title: "The provider is limiting requests",
    message: "The provider is limiting requests from this Switchboard right now. Nothing was connected.",
    nextStep: "Wait a few minutes and connect again.",
    retry: true,
  },
  rate_limited: {
    title: "Too many attempts",
    message: "You started many connections in a short time.",
    nextStep: "Wait a minute and try again.",
    retry: true,
  },
  not_configured: {
    title: "Not configured",
    message: "This platform has no app credentials on this Switchboard.",
    nextStep: "An administrator sets its client id and secret (see the README's configuration table).",
    retry: false,
  },
  misconfigured: {
    title: "Setup problem",
    message: "The provider rejected this Switchboard's app settings (client id, secret or redirect URL). This is a setup problem, not something you did.",
    nextStep: "Tell your Switchboard administrator; the server log has the details.",
    retry: false,
  },
  wrong_account: {
    title: "A different account",
    message: "You signed in to the provider with a different account than the one you were reconnecting.",
    nextStep: "Sign out of the provider, or switch accounts on its page, and reconnect.",
    retry: true,
  },
  selection_expired: {
    title: "This choice has expired",
    message: "The list of accounts to pick from is kept for 10 minutes, and it has expired or was already used.",
    nextStep: "Connect again to see the list.",
    retry: true,
  },
  forbidden: {
    title: "Only owners and admins can connect accounts",
    message: "Your role in this workspace does not allow connecting or disconnecting accounts.",
    nextStep: "Ask an owner or admin of this workspace.",
    retry: false,
  },
  unknown_platform: {
    title: "Unknown platform",
    message: "This platform is not supported.",
    nextStep: "Choose a platform from the Connect menu.",
    retry: false,
  },
  internal: {
    title: "Something went wrong on our side",
    message: "The connection was not saved.",
    nextStep: "Try again; if it keeps happening, tell your administrator.",
    retry: true,
  },
} satisfies Partial<Record<TFailureCode, FailureText>>;

/** The codes a connect can end with: the keys of the table above (each one of the vocabulary's). */
export type OAuthFailureCode = keyof typeof OAUTH_FAILURES;
export const OAUTH_FAILURE_CODES = codesOf(OAUTH_FAILURES);
export const isOAuthFailureCode = isCodeOf(OAUTH_FAILURES);

/** The text for a code, with the missing scopes named where known. */
export function describeFailure(code: OAuthFailureCode, detail: { missingScopes?: string[] } = {}): FailureText {
  const base = OAUTH_FAILURES[code];
  if (code === "missing_scopes" && detail.missingScopes?.length) {
    return { ...base, message: `${base.message} Missing: ${detail.missingScopes.join(", ")}.` };
  }
  return base;
}

/** Thrown by engine steps and provider hooks to end a connect with one of the codes above. */
export class OAuthFailure extends Error {
  constructor(
    public readonly code: OAuthFailureCode,
    /** For the server log only (never shown). */
    public readonly detail?: string,
    public readonly missingScopes?: string[],
  ) {
    super(`${code}${detail ? `: ${detail}` : ""}`);
    this.name = "OAuthFailure";
  }
}
