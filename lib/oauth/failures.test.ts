import { describe, expect, it } from "vitest";
import { describeFailure, isOAuthFailureCode, OAUTH_FAILURE_CODES, OAUTH_FAILURES } from "./failures";

describe("the one failure map", () => {
  it("every failure says what happened and what to do next", () => {
    for (const code of OAUTH_FAILURE_CODES) {
      const f = OAUTH_FAILURES[code];
      expect(f.title.length, code).toBeGreaterThan(3);
      expect(f.message.length, code).toBeGreaterThan(10);
      expect(f.nextStep.length, code).toBeGreaterThan(10);
    }
  });

  it("a replayed link reads 'This link was already used'; missing scopes are named", () => {
    expect(describeFailure("state_used_or_expired").title).toBe("This link was already used");
    expect(describeFailure("missing_scopes", { missingScopes: ["tweet.write", "offline.access"] }).message).toContain("tweet.write, offline.access");
    expect(describeFailure("linkedin_company_not_approved").message).toContain("Community Management API");
    expect(isOAuthFailureCode("nope")).toBe(false);
  });
});
