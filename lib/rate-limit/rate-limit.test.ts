import { describe, expect, it } from "vitest";
import { clientIp, rateLimitKey } from "./keys";
import { rateLimitResponse, retryAfterMessage } from "./response";

describe("clientIp", () => {
  // The app appends the socket's address to X-Forwarded-For (lib/net/peer-address.ts): the last
  // entry is the peer that connected, the ones before it are what the client or proxies claimed.
  const xff = (value: string) => new Headers({ "x-forwarded-for": value });

  it("with no trusted proxy hops, is the socket's address: a client-sent X-Forwarded-For changes nothing", () => {
    expect(clientIp(xff("127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientIp(xff("203.0.113.7, 127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientIp(xff("198.51.100.1, 203.0.113.8, 127.0.0.1"), 0)).toBe("127.0.0.1");
  });

  it("skips exactly TRUSTED_PROXY_HOPS entries from the right", () => {
    const chain = xff("203.0.113.7, 10.0.0.2, 10.0.0.1");
    expect(clientIp(chain, 1)).toBe("10.0.0.2");
    expect(clientIp(chain, 2)).toBe("203.0.113.7");
    // More hops configured than the request passed through: the first entry.
    expect(clientIp(chain, 5)).toBe("203.0.113.7");
    // Behind one proxy, what a client puts in front of the proxy's entry is ignored.
    expect(clientIp(xff("6.6.6.6, 203.0.113.7, 10.0.0.1"), 1)).toBe("203.0.113.7");
  });

  it("reads TRUSTED_PROXY_HOPS from the environment (default 0)", () => {
    expect(clientIp(xff("203.0.113.7, 10.0.0.1"))).toBe("10.0.0.1");
  });

  it("strips ports and IPv6 brackets", () => {
    expect(clientIp(xff("203.0.113.7:51234"), 0)).toBe("203.0.113.7");
    expect(clientIp(xff("[2001:DB8::1]:443"), 0)).toBe("2001:db8::1");
    expect(clientIp(xff("2001:db8::1"), 0)).toBe("2001:db8::1");
  });

  it("never trusts X-Real-IP, and gives 'unknown' for garbage or nothing", () => {
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.4" }), 0)).toBe("unknown");
    expect(clientIp(xff("<script>"), 0)).toBe("unknown");
    expect(clientIp(new Headers(), 0)).toBe("unknown");
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
