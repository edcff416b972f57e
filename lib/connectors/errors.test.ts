import { describe, expect, it } from "vitest";
import { HttpError } from "@/lib/http";
import { ProviderError } from "@/lib/providers/types";
import { API_ERROR_STATUS, fromProviderError } from "./errors";

describe("the connector API's Meta failures take their code from the one mapping (lib/errors/provider.ts)", () => {
  it("each kind answers its documented code, status and wording", () => {
    const auth = fromProviderError(new ProviderError("auth", "Session has expired", { providerCode: "190" }));
    expect(auth).toMatchObject({ code: "provider_auth_failed", message: "Meta rejected the connector's token: Session has expired", details: { provider_code: "190" } });
    expect(API_ERROR_STATUS[auth.code]).toBe(422);
    expect(fromProviderError(new ProviderError("permission", "ads_read missing", { providerCode: "200" }))).toMatchObject({
      code: "provider_auth_failed",
      message: "The token lacks a permission Meta requires: ads_read missing",
    });
    const throttled = fromProviderError(new ProviderError("rate_limit", "too many calls", { providerCode: "80004", retryAfterSeconds: 120 }));
    expect(throttled).toMatchObject({ code: "provider_rate_limited", details: { retry_after: 120, provider_code: "80004" } });
    expect(fromProviderError(new ProviderError("rate_limit", "too many calls")).details).toEqual({ retry_after: 60, provider_code: undefined });
    expect(fromProviderError(new ProviderError("invalid_input", "Invalid parameter", { providerCode: "100" }))).toMatchObject({
      code: "validation_failed",
      message: "Meta refused the request: Invalid parameter",
    });
    expect(fromProviderError(new ProviderError("transient", "Service temporarily unavailable"))).toMatchObject({ code: "provider_error" });
    expect(fromProviderError(new ProviderError("unknown", "odd"))).toMatchObject({ code: "provider_error", message: "Meta answered with an error: odd" });
  });

  it("a call Meta never answered is provider_error with what to do, not the kind's code", () => {
    const timeout = new HttpError({ kind: "timeout", method: "GET", url: "https://graph.facebook.com/act_1/insights", attempts: 1, message: "timed out" });
    const err = fromProviderError(new ProviderError("transient", "no answer", { noAnswer: true, cause: timeout }));
    expect(err).toMatchObject({ code: "provider_error", message: "Meta did not answer in time; try again (or ask for less data)." });
    expect(API_ERROR_STATUS[err.code]).toBe(502);
  });
});
