import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/webhooks/meta/route";
import { resetEnvForTests } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { callRoute, useAppDatabase } from "@/tests/support/next";

// The real verification route (app/api/webhooks/meta/route.ts), called as Next calls it (W2).
const TOKEN = "verify-token-of-this-test";
let tdb: TestDatabase;
let saved: string | undefined;

beforeAll(async () => {
  tdb = await createTestDatabase();
  useAppDatabase(tdb);
  saved = process.env.META_WEBHOOK_VERIFY_TOKEN;
  process.env.META_WEBHOOK_VERIFY_TOKEN = TOKEN;
  resetEnvForTests();
});

afterAll(async () => {
  if (saved === undefined) delete process.env.META_WEBHOOK_VERIFY_TOKEN;
  else process.env.META_WEBHOOK_VERIFY_TOKEN = saved;
  resetEnvForTests();
  await tdb?.cleanup();
});

/** Meta's verification GET from its own address (each test its own, so rate limits never mix). */
function verify(query: Record<string, string>, ip: string) {
  const url = new URL("http://localhost:3000/api/webhooks/meta");
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return callRoute(GET, new Request(url, { headers: { "x-forwarded-for": ip } }));
}

describe("GET /api/webhooks/meta (Meta's verification handshake)", () => {
  it("echoes hub.challenge as plain text, uncached, when hub.mode is subscribe and hub.verify_token is ours", async () => {
    const res = await verify({ "hub.mode": "subscribe", "hub.verify_token": TOKEN, "hub.challenge": "1158201444" }, "198.51.100.1");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("1158201444");
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses a wrong verify token, one of another length, and none at all with 403 and no challenge", async () => {
    for (const token of [TOKEN.replace(/.$/, "X"), `${TOKEN}x`, ""]) {
      const res = await verify({ "hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "1158201444" }, "198.51.100.2");
      expect(res.status).toBe(403);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.text()).toBe("Forbidden");
    }
  });

  it("refuses the right token with another hub.mode, or none, with 403", async () => {
    for (const mode of ["unsubscribe", "SUBSCRIBE", null]) {
      const res = await verify({ ...(mode ? { "hub.mode": mode } : {}), "hub.verify_token": TOKEN, "hub.challenge": "1158201444" }, "198.51.100.3");
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain("1158201444");
    }
  });

  it("refuses a handshake without hub.verify_token with 403, and echoes an empty body when hub.challenge is missing", async () => {
    const noToken = await verify({ "hub.mode": "subscribe", "hub.challenge": "1158201444" }, "198.51.100.7");
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).not.toContain("1158201444");
    const noChallenge = await verify({ "hub.mode": "subscribe", "hub.verify_token": TOKEN }, "198.51.100.7");
    expect(noChallenge.status).toBe(200);
    expect(await noChallenge.text()).toBe("");
  });

  it("echoes a challenge of 256 characters and refuses one longer", async () => {
    const longest = await verify({ "hub.mode": "subscribe", "hub.verify_token": TOKEN, "hub.challenge": "9".repeat(256) }, "198.51.100.4");
    expect(longest.status).toBe(200);
    expect(await longest.text()).toBe("9".repeat(256));
    const res = await verify({ "hub.mode": "subscribe", "hub.verify_token": TOKEN, "hub.challenge": "9".repeat(257) }, "198.51.100.4");
    expect(res.status).toBe(403);
  });

  it("answers 429 to an address after its 60 verification requests of the minute, even with the right token", async () => {
    const query = { "hub.mode": "subscribe", "hub.verify_token": TOKEN, "hub.challenge": "1158201444" };
    for (let i = 0; i < 60; i++) expect((await verify(query, "198.51.100.6")).status).toBe(200);
    const res = await verify(query, "198.51.100.6");
    expect(res.status).toBe(429);
    expect(await res.text()).not.toContain("1158201444");
  });

  it("answers 403 to everyone while no verify token is configured", async () => {
    delete process.env.META_WEBHOOK_VERIFY_TOKEN;
    resetEnvForTests();
    try {
      const res = await verify({ "hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1" }, "198.51.100.5");
      expect(res.status).toBe(403);
    } finally {
      process.env.META_WEBHOOK_VERIFY_TOKEN = TOKEN;
      resetEnvForTests();
    }
  });
});
