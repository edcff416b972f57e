import { describe, expect, it } from "vitest";
import { redactDeep, redactSecrets } from "./redact";

const SECRET = "S3cr3tV4lue-xyz";

describe("redactSecrets", () => {
  it.each([
    "access_token",
    "client_secret",
    "code",
    "refresh_token",
    "fb_exchange_token",
    "input_token",
    "code_verifier",
    "appsecret_proof",
    "signed_request",
    "password",
  ])("hides the value of %s in a query string and in a form body", (name) => {
    const url = `https://graph.facebook.com/v24.0/oauth?a=1&${name}=${SECRET}&b=2`;
    expect(redactSecrets(url)).toBe(`https://graph.facebook.com/v24.0/oauth?a=1&${name}=***&b=2`);
    expect(redactSecrets(`${name}=${SECRET}&grant_type=x`)).toBe(`${name}=***&grant_type=x`);
    expect(redactSecrets(`https://x.test/?${name.toUpperCase()}=${SECRET}`)).not.toContain(SECRET);
  });

  it("keeps parameters that only end like a secret name (error_code, next_token)", () => {
    const text = "https://api.x.com/2/tweets?error_code=190&next_token=abc&postcode=75001";
    expect(redactSecrets(text)).toBe(text);
  });

  it("hides a secret inside a percent-encoded redirect URL", () => {
    const text = `https://app.test/cb?next=https%3A%2F%2Fa.test%2Fx%3Fcode%3D${SECRET}%26state%3Dok`;
    const out = redactSecrets(text);
    expect(out).not.toContain(SECRET);
    expect(out).toContain("state%3Dok");
  });

  it("hides secrets quoted as JSON in a message", () => {
    const out = redactSecrets(`token exchange failed: {"access_token": "${SECRET}","token_type":"bearer"}`);
    expect(out).toBe('token exchange failed: {"access_token": "***","token_type":"bearer"}');
  });

  it("keeps error codes quoted as JSON but hides an OAuth code", () => {
    expect(redactSecrets('{"code":"ECONNREFUSED","x":{"code":"rate_limited"}}')).toBe(
      '{"code":"ECONNREFUSED","x":{"code":"rate_limited"}}',
    );
    expect(redactSecrets('{"code":"AQBx7Yk3-9fZ_2mQ"}')).toBe('{"code":"***"}');
  });

  it("hides a Telegram bot token in the URL path", () => {
    expect(redactSecrets("https://api.telegram.org/bot123456:AAH-x_yZ9/sendMessage?chat_id=1")).toBe(
      "https://api.telegram.org/bot***/sendMessage?chat_id=1",
    );
  });

  it("hides Authorization header values and bare Bearer tokens", () => {
    expect(redactSecrets(`Authorization: Bearer ${SECRET}`)).toBe("Authorization: Bearer ***");
    expect(redactSecrets(`authorization: Basic ${SECRET}`)).toBe("authorization: Basic ***");
    expect(redactSecrets(`{"authorization":"${SECRET}"}`)).toBe('{"authorization":"***"}');
    expect(redactSecrets(`sent with Bearer ${SECRET} to X`)).toBe("sent with Bearer *** to X");
  });

  it("leaves ordinary text untouched", () => {
    const text = "GET https://graph.facebook.com/v24.0/me/accounts?fields=name,id&limit=25 200";
    expect(redactSecrets(text)).toBe(text);
  });
});

describe("redactDeep", () => {
  it("scrubs strings in nested plain objects and arrays", () => {
    const out = redactDeep({ a: [`?code=${SECRET}`], b: { c: `Bearer ${SECRET}` }, n: 1 });
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(out.n).toBe(1);
  });
});
