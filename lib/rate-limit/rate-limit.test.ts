import { describe, expect, it } from "vitest";
import { clientIp, rateLimitKey } from "./keys";
import { rateLimitResponse, retryAfterMessage } from "./response";

describe("clientIp", () => {
  it("takes the first hop of X-Forwarded-For", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.2, 10.0.0.1" }))).toBe("203.0.113.7");
  });

  it("strips ports and IPv6 brackets", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.7:51234" }))).toBe("203.0.113.7");
    expect(clientIp(new Headers({ "x-forwarded-for": "[2001:DB8::1]:443" }))).toBe("2001:db8::1");
    expect(clientIp(new Headers({ "x-forwarded-for": "2001:db8::1" }))).toBe("2001:db8::1");
  });

  it("falls back to X-Real-IP, then to 'unknown', and ignores garbage", () => {
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp(new Headers({ "x-forwarded-for": "<script>", "x-real-ip": "198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});

describe("rateLimitKey", () => {
  it("keeps scopes and subjects apart", () => {
    expect(new Set([rateLimitKey.ip("sign-in", "1"), rateLimitKey.user("sign-in", "1"), rateLimitKey.org("sign-in", "1"), rateLimitKey.apiKey("sign-in", "1"), rateLimitKey.ip("publish", "1")]).size).toBe(5);
  });
});

describe("rateLimitResponse", () => {
  it("is a 429 with Retry-After and the rate_limited error a person can read", async () => {
    const res = rateLimitResponse({ ok: false, limit: 5, remaining: 0, retryAfterSeconds: 42, resetAt: new Date(Date.now() + 42_000) });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("42");
    expect(res.headers.get("ratelimit-limit")).toBe("5");
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: { code: "rate_limited", message: "Too many requests. Try again in 42 seconds." } });
  });

  it("speaks in minutes for long waits", () => {
    expect(retryAfterMessage(1)).toBe("Too many requests. Try again in 1 second.");
    expect(retryAfterMessage(600)).toBe("Too many requests. Try again in 10 minutes.");
  });
});
