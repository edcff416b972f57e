import { describe, expect, it } from "vitest";
import { X_SCOPES } from "./config";
import { parseXError, toAccount } from "./transform";

describe("X mapping", () => {
  const me = { data: { id: "17", name: "Ada Okafor", username: "adaokafor", profile_image_url: "https://pbs.twimg.com/p/a_normal.jpg" } };

  it("users/me becomes one profile connection with its handle, a large avatar and the token's expiry", () => {
    const a = toAccount(me, { accessToken: "at", refreshToken: "rt", expiresIn: 7200, scopes: ["tweet.read"] }, X_SCOPES, 1_000);
    expect(a).toMatchObject({ providerAccountId: "17", displayName: "Ada Okafor", handle: "@adaokafor", postTargetType: "profile", appType: "personal" });
    expect(a.avatarUrl).toBe("https://pbs.twimg.com/p/a_400x400.jpg");
    expect(a.tokenExpiresAt?.getTime()).toBe(1_000 + 7_200_000);
    expect(a.scopes).toEqual(["tweet.read"]);
  });

  it("a 401 is an auth error (reconnect), a 429 a rate limit with the reset time, a 503 transient", () => {
    expect(parseXError(401, { title: "Unauthorized", status: 401, detail: "Unauthorized" }).kind).toBe("auth");
    const headers = new Headers({ "x-rate-limit-reset": String(Math.floor(Date.now() / 1000) + 60) });
    const limited = parseXError(429, { title: "Too Many Requests" }, headers);
    expect(limited.kind).toBe("rate_limit");
    expect(limited.retryAfterSeconds).toBeGreaterThan(50);
    expect(parseXError(503, {}).kind).toBe("transient");
    expect(parseXError(400, { errors: [{ message: "bad" }] }).message).toBe("bad");
  });
});
