import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "@/db/client";
import { fail } from "@/lib/actions";
import { organizations } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { POST as disconnectPOST } from "@/app/api/integrations/meta/disconnect/route";
import { POST as selectPagePOST } from "@/app/api/integrations/meta/select-page/route";
import { API_ERROR_STATUS } from "@/lib/api/errors";
import { isSameOrigin, route } from "@/lib/api/route";

// The route helper on a real database (its rate limits), called as Next calls a route handler.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  (globalThis as { __switchboardDb?: Database }).__switchboardDb = database;
});
afterAll(async () => {
  delete (globalThis as { __switchboardDb?: Database }).__switchboardDb;
  await database?.cleanup();
});

const APP = "http://localhost:3000";
const noParams = { params: Promise.resolve({}) };
const call = (handler: ReturnType<typeof route>, init: RequestInit & { url?: string } = {}) =>
  handler(new Request(init.url ?? `${APP}/api/test`, init), noParams);
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } }).error;

describe("cookie-authenticated writes must come from Switchboard's own pages (CSRF)", () => {
  // What a plain HTML form on another site can send: Origin of that site, text/plain.
  const formPost = (body: string) => ({
    method: "POST",
    body,
    headers: { origin: "http://evil.example", "content-type": "text/plain", cookie: "authjs.session-token=stolen-by-the-browser" },
  });

  it("refuses POST /api/integrations/meta/select-page from another site before anything runs", async () => {
    const res = await call(selectPagePOST, { url: `${APP}/api/integrations/meta/select-page`, ...formPost('{"pageId":"104857392016482"}') });
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toMatchObject({ code: "cross_origin" });
  });

  it("refuses POST /api/integrations/meta/disconnect from another site", async () => {
    const res = await call(disconnectPOST, { url: `${APP}/api/integrations/meta/disconnect`, ...formPost("{}") });
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toMatchObject({ code: "cross_origin" });
  });

  it("refuses a cross-site fetch even with a JSON body (Sec-Fetch-Site: cross-site)", async () => {
    const res = await call(disconnectPOST, {
      method: "POST",
      body: "{}",
      headers: { "sec-fetch-site": "cross-site", origin: APP, "content-type": "application/json" },
    });
    expect(await errorOf(res)).toMatchObject({ code: "cross_origin" });
  });

  it("refuses a same-origin write whose body is not JSON (415)", async () => {
    const res = await call(disconnectPOST, { method: "POST", body: "{}", headers: { "sec-fetch-site": "same-origin", "content-type": "text/plain" } });
    expect(res.status).toBe(415);
    expect(await errorOf(res)).toMatchObject({ code: "unsupported_media_type" });
  });

  it("same origin means Sec-Fetch-Site: same-origin, else an Origin equal to APP_URL's", () => {
    expect(isSameOrigin(new Headers({ "sec-fetch-site": "same-origin" }), APP)).toBe(true);
    expect(isSameOrigin(new Headers({ origin: APP }), APP)).toBe(true);
    expect(isSameOrigin(new Headers({ origin: `${APP}/` }), APP + "/")).toBe(false);
    expect(isSameOrigin(new Headers({ "sec-fetch-site": "same-site", origin: APP }), APP)).toBe(false);
    expect(isSameOrigin(new Headers({ origin: "http://localhost:3000.evil.example" }), APP)).toBe(false);
    expect(isSameOrigin(new Headers({ origin: "null" }), APP)).toBe(false);
    expect(isSameOrigin(new Headers(), APP)).toBe(false);
  });
});

describe("route(): input, errors and limits", () => {
  const echo = route(
    { auth: "public", schema: z.object({ name: z.string().min(2, "Name is too short.") }) },
    async (input, who) => ({ hello: input.name, ip: who.ip }),
  );

  it("parses the JSON body with the schema and answers JSON that no cache keeps", async () => {
    const res = await call(echo, { method: "POST", body: JSON.stringify({ name: "Ada" }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ hello: "Ada" });
  });

  it("reads the query string for GET", async () => {
    const res = await call(echo, { url: `${APP}/api/test?name=Grace` });
    expect(await res.json()).toMatchObject({ hello: "Grace" });
  });

  it("answers bad input with 400 invalid_input and the field errors in details", async () => {
    const res = await call(echo, { method: "POST", body: JSON.stringify({ name: "A" }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: "invalid_input", message: "Name is too short.", details: { fieldErrors: { name: "Name is too short." } } });
    const broken = await call(echo, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(await errorOf(broken)).toMatchObject({ code: "invalid_input" });
    const form = await call(echo, { method: "POST", body: "name=Ada", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
  });

  it("gives each failure code its status from the one table, and hides internal errors", async () => {
    const failing = route({ auth: "public" }, async () => fail("conflict", "Already there."));
    const res = await call(failing);
    expect(res.status).toBe(API_ERROR_STATUS.conflict);
    expect(await errorOf(res)).toEqual({ code: "conflict", message: "Already there." });
    const crashing = route({ auth: "public" }, async () => {
      throw new Error("password=hunter2 leaked");
    });
    const crashed = await call(crashing);
    expect(crashed.status).toBe(500);
    expect(JSON.stringify(await crashed.json())).not.toContain("hunter2");
  });

  it("rate limits per client address and says how long to wait", async () => {
    const limited = route({ auth: "public", rateLimit: { scope: "route-test", limit: 2, windowMs: 60_000 } }, async () => ({ ok: true }));
    const from = (ip: string) => call(limited, { headers: { "x-forwarded-for": ip } });
    expect((await from("198.51.100.1")).status).toBe(200);
    expect((await from("198.51.100.1")).status).toBe(200);
    const blocked = await from("198.51.100.1");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    const error = await errorOf(blocked);
    expect(error.code).toBe("rate_limited");
    expect(error.message).toMatch(/Try again in \d+ seconds/);
    expect(error.details?.retryAfterSeconds).toBe(Number(blocked.headers.get("retry-after")));
  });

  it("signature routes hand the exact raw body to verify, and refuse what does not verify", async () => {
    const seen: string[] = [];
    const hook = route(
      { auth: "signature", schema: z.object({ n: z.number() }), verify: (raw, req) => (seen.push(raw), req.headers.get("x-sig") === "good") },
      async (input, who) => ({ n: input.n, raw: who.rawBody }),
    );
    const body = '{ "n": 1 }';
    const bad = await call(hook, { method: "POST", body, headers: { "x-sig": "bad", "content-type": "application/json" } });
    expect(bad.status).toBe(401);
    expect(await errorOf(bad)).toMatchObject({ code: "bad_signature" });
    const good = await call(hook, { method: "POST", body, headers: { "x-sig": "good", "content-type": "application/json" } });
    expect(await good.json()).toEqual({ n: 1, raw: body });
    expect(seen).toEqual([body, body]);
  });

  it("apiKey routes refuse a request without a key (401 unauthorized) and run for a valid one", async () => {
    const keyed = route({ auth: "apiKey" }, async (_input, who) => ({ organizationId: who.apiKey.organizationId }));
    const res = await call(keyed);
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({ code: "unauthorized" });
    const [org] = await database.db.insert(organizations).values({ name: "Keyed" }).returning();
    const { key } = await createApiKey(database.db, { organizationId: org!.id, userId: null, name: "test" });
    const ok = await call(keyed, { headers: { authorization: `Bearer ${key}` } });
    expect(await ok.json()).toEqual({ organizationId: org!.id });
  });
});
