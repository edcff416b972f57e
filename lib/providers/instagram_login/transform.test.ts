import { describe, expect, it } from "vitest";
import { ZInstagramTokenSet, INSTAGRAM_LOGIN_SCOPES, instagramLoginOAuth } from "./config";
import { ZProfile } from "./schema";
import {
  exchangeFailureOf,
  normalizeAuthorizationCode,
  parseInstagramError,
  profileToAccount,
  refreshEligibility,
} from "./transform";
import { parseEnv } from "@/lib/env";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("Instagram Login code and token responses", () => {
  it("a code that arrives with Instagram's trailing #_ is used without it", () => {
    expect(normalizeAuthorizationCode("AQBx1234#_")).toBe("AQBx1234");
    expect(normalizeAuthorizationCode("AQBx1234")).toBe("AQBx1234");
    expect(normalizeAuthorizationCode("AQB#_x#_")).toBe("AQB#_x");
  });

  it("the documented {data:[…]} token response parses, with its comma-separated permissions", () => {
    const token = ZInstagramTokenSet.parse({
      data: [{ access_token: "IGAAshort", user_id: "8123456789012345", permissions: "instagram_business_basic,instagram_business_content_publish" }],
    });
    expect(token).toMatchObject({
      accessToken: "IGAAshort",
      providerUserId: "8123456789012345",
      scopes: ["instagram_business_basic", "instagram_business_content_publish"],
    });
  });

  it("the flat {access_token,user_id,permissions} response parses too, with a numeric user id and a list", () => {
    const token = ZInstagramTokenSet.parse({
      access_token: "IGAAflat",
      user_id: 8234567890123456,
      permissions: ["instagram_business_basic"],
    });
    expect(token).toMatchObject({ accessToken: "IGAAflat", providerUserId: "8234567890123456", scopes: ["instagram_business_basic"] });
  });

  it("a response with neither shape is rejected", () => {
    expect(ZInstagramTokenSet.safeParse({ data: [] }).success).toBe(false);
    expect(ZInstagramTokenSet.safeParse({ token: "x" }).success).toBe(false);
  });
});

describe("the Instagram Login config", () => {
  it("asks for exactly the four instagram_business_* scopes at www.instagram.com, comma-separated, body auth", () => {
    expect(instagramLoginOAuth.scopes()).toEqual([
      "instagram_business_basic",
      "instagram_business_content_publish",
      "instagram_business_manage_messages",
      "instagram_business_manage_comments",
    ]);
    expect(INSTAGRAM_LOGIN_SCOPES.some((s) => s.startsWith("business_"))).toBe(false);
    expect(instagramLoginOAuth.authorizeUrl).toBe("https://www.instagram.com/oauth/authorize");
    expect(instagramLoginOAuth.tokenUrl).toBe("https://api.instagram.com/oauth/access_token");
    expect(instagramLoginOAuth.scopeSeparator).toBe(",");
    expect(instagramLoginOAuth.tokenAuthMethod).toBe("body");
  });

  it("uses the Instagram app's own id and secret, and is unconfigured without them", () => {
    const env = parseEnv({ INSTAGRAM_APP_ID: "123", INSTAGRAM_APP_SECRET: "s3cret" });
    expect(instagramLoginOAuth.credentials(env)).toEqual({ clientId: "123", clientSecret: "s3cret" });
    expect(instagramLoginOAuth.credentials(parseEnv({ FACEBOOK_APP_ID: "1", FACEBOOK_APP_SECRET: "x" }))).toBeNull();
  });
});

describe("the Instagram profile becomes one connection", () => {
  it("uses /me's user_id (the professional account id), not the app-scoped id", () => {
    const profile = ZProfile.parse({
      id: "8123456789012345",
      user_id: "17841450000000011",
      username: "ava.bakes",
      name: "Ava Martins",
      account_type: "BUSINESS",
      profile_picture_url: "https://cdn.example/ava.jpg",
      followers_count: 12840,
      media_count: 318,
    });
    const now = new Date("2026-01-01T00:00:00Z");
    const account = profileToAccount(profile, { accessToken: "IGAAlong", expiresIn: 5_184_000, scopes: ["instagram_business_basic"] }, now);
    expect(account).toMatchObject({
      providerAccountId: "17841450000000011",
      displayName: "Ava Martins",
      handle: "ava.bakes",
      avatarUrl: "https://cdn.example/ava.jpg",
      postTargetType: "instagram_account",
      refreshToken: null,
      scopes: ["instagram_business_basic"],
      details: { accountType: "Business", followers: "12840", mediaCount: "318" },
    });
    expect(account.tokenExpiresAt?.toISOString()).toBe("2026-03-02T00:00:00.000Z");
  });

  it("a creator account without a name shows its username", () => {
    const profile = ZProfile.parse({ user_id: 17841450000000022, username: "kenjicreates", account_type: "MEDIA_CREATOR" });
    const account = profileToAccount(profile, { accessToken: "t" });
    expect(account.displayName).toBe("kenjicreates");
    expect(account.providerAccountId).toBe("17841450000000022");
    expect(account.details).toEqual({ accountType: "Creator" });
    expect(account.tokenExpiresAt).toBeNull();
  });
});

describe("Instagram errors", () => {
  const oauth = (message: string) => ({ error_type: "OAuthException", code: 400, error_message: message });
  const graph = (code: number, extra: Record<string, unknown> = {}) => ({ error: { message: `(#${code}) nope`, type: "OAuthException", code, ...extra } });

  it("a reused or expired code is an auth failure that asks to start again", () => {
    const used = parseInstagramError(400, oauth("Matching code was not found or was already used"));
    expect(used).toMatchObject({ kind: "auth", providerCode: "code_used" });
    expect(parseInstagramError(400, oauth("This authorization code has expired."))).toMatchObject({ providerCode: "code_expired" });
  });

  it("a redirect URI mismatch and a bad client id or secret are configuration problems", () => {
    expect(
      exchangeFailureOf("Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request"),
    ).toBe("redirect_uri_mismatch");
    expect(parseInstagramError(400, oauth("Error validating client secret."))).toMatchObject({ kind: "invalid_input", providerCode: "invalid_client" });
    expect(parseInstagramError(400, oauth("Invalid platform app"))).toMatchObject({ providerCode: "invalid_client" });
  });

  it("#190 means the token is invalid or expired; #10 and #200–#299 are permissions", () => {
    expect(parseInstagramError(400, graph(190, { error_subcode: 463 }))).toMatchObject({ kind: "auth", providerCode: "190" });
    expect(parseInstagramError(403, graph(10))).toMatchObject({ kind: "permission", providerCode: "10" });
    expect(parseInstagramError(403, graph(200))).toMatchObject({ kind: "permission" });
    expect(parseInstagramError(403, graph(299))).toMatchObject({ kind: "permission" });
  });

  it("throttling is a rate limit; 5xx and is_transient are transient; #100 is invalid input", () => {
    expect(parseInstagramError(400, graph(4))).toMatchObject({ kind: "rate_limit" });
    expect(parseInstagramError(400, graph(80002))).toMatchObject({ kind: "rate_limit" });
    expect(parseInstagramError(500, graph(2, { is_transient: true }))).toMatchObject({ kind: "transient" });
    expect(parseInstagramError(500, oauth("An unknown error has occurred."))).toMatchObject({ kind: "transient" });
    expect(parseInstagramError(400, graph(100))).toMatchObject({ kind: "invalid_input" });
    expect(parseInstagramError(502, "<html>")).toMatchObject({ kind: "transient" });
    const limited = parseInstagramError(429, undefined, new Headers({ "retry-after": "30" }));
    expect(limited).toMatchObject({ kind: "rate_limit", retryAfterSeconds: 30 });
  });
});

describe("when a long-lived token may be refreshed", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const at = (ms: number) => new Date(now.getTime() + ms);

  it("a token at least 24 h old and within 30 days of expiry is refreshed", () => {
    expect(refreshEligibility({ issuedAt: at(-40 * DAY), expiresAt: at(20 * DAY) }, now)).toBe("eligible");
  });
  it("a token younger than 24 h is not, even when asked", () => {
    expect(refreshEligibility({ issuedAt: at(-23 * HOUR), expiresAt: at(59 * DAY) }, now, { force: true })).toBe("too_young");
  });
  it("a token with more than 30 days left waits, unless a person asks", () => {
    expect(refreshEligibility({ issuedAt: at(-2 * DAY), expiresAt: at(58 * DAY) }, now)).toBe("not_due");
    expect(refreshEligibility({ issuedAt: at(-2 * DAY), expiresAt: at(58 * DAY) }, now, { force: true })).toBe("eligible");
  });
  it("an expired token cannot be refreshed", () => {
    expect(refreshEligibility({ issuedAt: at(-61 * DAY), expiresAt: at(-1 * DAY) }, now)).toBe("expired");
  });
});
