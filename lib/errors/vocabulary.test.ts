import { describe, expect, it } from "vitest";
import { INSTAGRAM_SIGN_IN_FAILURES, INSTAGRAM_SIGN_IN_MESSAGES } from "@/lib/instagram-sign-in/messages";
import { signInFailureOf } from "@/lib/instagram-sign-in/routes";
import { HttpError } from "@/lib/http";
import { META_ERROR_MESSAGES } from "@/lib/meta-messaging/errors";
import { describeFailure, OAUTH_FAILURE_CODES } from "@/lib/oauth/failures";
import { ProviderError } from "@/lib/providers/types";
import { FAILURE_CODES, isFailureCode } from "./codes";
import { PROVIDER_FAILURE_CODES, providerApiCode, providerFailureCode } from "./provider";
import { codesOf, isCodeOf } from "./wording";
import { isApiErrorCode } from "@/lib/api/errors";
import { isMetaErrorCode } from "@/lib/meta-messaging/errors";
import { isOAuthFailureCode } from "@/lib/oauth/failures";
import { isInstagramSignInFailure } from "@/lib/instagram-sign-in/messages";

describe("one failure vocabulary, a wording table per screen", () => {
  it("every code a screen words is a code of the one vocabulary, listed once", () => {
    expect(new Set(FAILURE_CODES).size).toBe(FAILURE_CODES.length);
    for (const code of [...OAUTH_FAILURE_CODES, ...INSTAGRAM_SIGN_IN_FAILURES, ...Object.keys(META_ERROR_MESSAGES)]) expect(isFailureCode(code), code).toBe(true);
    expect(isFailureCode("nope")).toBe(false);
  });

  it("a table's codes are its own keys, in order, and its guard takes exactly those (never an inherited name or another table's code)", () => {
    const table = { consent_denied: "a", missing_scopes: "b" };
    expect(codesOf(table)).toEqual(["consent_denied", "missing_scopes"]);
    const is = isCodeOf(table);
    expect(["consent_denied", "missing_scopes"].every(is)).toBe(true);
    for (const other of ["no_pages", "toString", "__proto__", "constructor", "", 1, null, undefined]) expect(is(other), String(other)).toBe(false);
    // The screens' guards are this one: each takes its own table's codes and refuses the others'.
    expect([isOAuthFailureCode("no_pages"), isMetaErrorCode("no_pages"), isInstagramSignInFailure("no_pages"), isApiErrorCode("no_pages")]).toEqual([true, true, false, false]);
    expect([isOAuthFailureCode("toString"), isMetaErrorCode("toString"), isInstagramSignInFailure("toString"), isApiErrorCode("toString")]).toEqual([false, false, false, false]);
  });

  it("a provider failure becomes one code by its kind, and every callback screen has words for it", () => {
    expect(providerFailureCode(new ProviderError("auth", "token expired", { providerCode: "190" }))).toBe("invalid_grant");
    expect(providerFailureCode(new ProviderError("permission", "no pages_show_list"))).toBe("missing_scopes");
    expect(providerFailureCode(new ProviderError("rate_limit", "slow down", { retryAfterSeconds: 60 }))).toBe("provider_rate_limited");
    expect(providerFailureCode(new ProviderError("transient", "503"))).toBe("provider_unavailable");
    expect(providerFailureCode(new ProviderError("invalid_input", "bad field"))).toBe("internal");
    for (const code of Object.values(PROVIDER_FAILURE_CODES)) {
      expect(describeFailure(code).title, `Connections page: ${code}`).toBeTruthy();
      expect(META_ERROR_MESSAGES[code], `Integrations card: ${code}`).toBeTruthy();
      expect(INSTAGRAM_SIGN_IN_MESSAGES[signInFailureOf(code)].title, `sign-in: ${code}`).toBeTruthy();
    }
    // Throttling is not "you started too many": sign-in says Instagram is not answering, as before.
    expect(signInFailureOf("provider_rate_limited")).toBe("provider_unavailable");
  });

  it("the sign-in screen says the engine's codes in its own words, and nothing it has no words for leaks through", () => {
    expect(signInFailureOf("invalid_grant")).toBe("code_used");
    for (const code of ["state_missing", "state_mismatch", "state_used_or_expired", "session_mismatch", "selection_expired"] as const) expect(signInFailureOf(code), code).toBe("start_again");
    for (const code of ["consent_denied", "misconfigured", "not_configured", "missing_scopes", "rate_limited", "signed_out"] as const) expect(signInFailureOf(code), code).toBe(code);
    expect(signInFailureOf("no_pages")).toBe("internal");
    expect(signInFailureOf("linkedin_company_not_approved")).toBe("internal");
  });

  it("only a real ProviderError or HttpError is a provider failure (an error merely named so is not)", () => {
    const impostor = Object.assign(new Error("x"), { name: "ProviderError", kind: "auth" });
    expect(providerFailureCode(impostor)).toBeNull();
    const timeout = new HttpError({ kind: "timeout", method: "GET", url: "https://graph.facebook.com/me", attempts: 3, message: "timed out" });
    expect(providerFailureCode(timeout)).toBe("provider_unavailable");
    expect(providerFailureCode(new Error("a bug"))).toBeNull();
  });

  it("the same mapping gives the connector API's documented codes, keeping apart what the screens need not", () => {
    expect(providerApiCode(new ProviderError("auth", "token expired", { providerCode: "190" }))).toBe("provider_auth_failed");
    expect(providerApiCode(new ProviderError("permission", "no ads_read"))).toBe("provider_auth_failed");
    expect(providerApiCode(new ProviderError("rate_limit", "slow down", { retryAfterSeconds: 60 }))).toBe("provider_rate_limited");
    expect(providerApiCode(new ProviderError("transient", "503"))).toBe("provider_error");
    // A refused request is the program's to fix; an unreadable answer is not — both `internal` on a screen.
    expect(providerApiCode(new ProviderError("invalid_input", "bad field"))).toBe("validation_failed");
    expect(providerApiCode(new ProviderError("unknown", "?"))).toBe("provider_error");
    const timeout = new HttpError({ kind: "timeout", method: "GET", url: "https://graph.facebook.com/me", attempts: 3, message: "timed out" });
    expect(providerApiCode(new ProviderError("transient", "no answer", { noAnswer: true, cause: timeout }))).toBe("provider_error");
    expect(providerApiCode(new ProviderError("rate_limit", "no answer", { noAnswer: true, cause: timeout }))).toBe("provider_error");
    expect(providerApiCode(timeout)).toBe("provider_error");
    expect(providerApiCode(Object.assign(new Error("x"), { name: "ProviderError", kind: "auth" }))).toBeNull();
  });
});
