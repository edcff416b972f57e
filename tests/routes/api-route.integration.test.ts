import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { fail } from "@/lib/actions";
import { conversations, messages, organizations } from "@/db/schema";
import { API_KEY_FAILURE_LIMIT, API_KEY_RATE_LIMIT, createApiKey, revokeApiKey } from "@/lib/api-keys";
import { mediaStorage } from "@/lib/media/storage";
import { GET as attachmentGET } from "@/app/api/inbox/attachments/[id]/[index]/route";
import { asBrowser, callRoute, releaseAppDatabase, signedInAs, signedOut, type TBrowser, useAppDatabase } from "@/tests/support/next";
import { joinOrganization, person } from "@/tests/support/people";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { POST as disconnectPOST } from "@/app/api/integrations/meta/disconnect/route";
import { POST as selectPagePOST } from "@/app/api/integrations/meta/select-page/route";
import { API_ERROR_STATUS } from "@/lib/api/errors";
import { isSameOrigin, route } from "@/lib/api/route";

// The route helper on a real database (its rate limits), called as Next calls a route handler.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  useAppDatabase(database);
});
afterAll(async () => {
  releaseAppDatabase();
  await database?.cleanup();
});

const APP = "http://localhost:3000";
const noParams = { params: Promise.resolve({}) };
const call = (handler: ReturnType<typeof route>, init: RequestInit & { url?: string } = {}) =>
  handler(new Request(init.url ?? `${APP}/api/test`, init), noParams);
const newOrganization = async (name: string) => (await database.db.insert(organizations).values({ name }).returning({ id: organizations.id }))[0]!.id;
/** What a refused body is told (each refusal says what to send instead). */
const JSON_PLEASE = "Send the body as JSON (Content-Type: application/json).";
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
    expect(await errorOf(res)).toEqual({ code: "cross_origin", message: "This request did not come from Switchboard's own pages, so it was refused." });
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
    expect(await errorOf(res)).toEqual({ code: "unsupported_media_type", message: JSON_PLEASE });
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
    const res = await call(echo, { method: "POST", body: JSON.stringify({ name: "Ada" }), headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.9" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ hello: "Ada", ip: "198.51.100.9" });
  });

  it("reads the query string for GET", async () => {
    const res = await call(echo, { url: `${APP}/api/test?name=Grace` });
    expect(await res.json()).toMatchObject({ hello: "Grace" });
  });

  it("a repeated query parameter arrives as a list, a single one as a string", async () => {
    const tags = route({ auth: "public", schema: z.object({ tag: z.union([z.string(), z.array(z.string())]) }) }, async (input) => ({ tag: input.tag }));
    expect(await (await call(tags, { url: `${APP}/api/test?tag=a&tag=b` })).json()).toEqual({ tag: ["a", "b"] });
    expect(await (await call(tags, { url: `${APP}/api/test?tag=a` })).json()).toEqual({ tag: "a" });
  });

  it("a JSON type with a space before its parameters is JSON", async () => {
    const res = await call(echo, { method: "POST", body: JSON.stringify({ name: "Ada" }), headers: { "content-type": "application/json ; charset=utf-8" } });
    expect([res.status, ((await res.json()) as { hello: string }).hello]).toEqual([200, "Ada"]);
  });

  it("a body without a Content-Type is 415, not a crash", async () => {
    // Bytes, not a string: a string body would get text/plain from Request itself.
    const bytes = new TextEncoder().encode(JSON.stringify({ name: "Ada" }));
    const res = await call(echo, { method: "POST", body: bytes });
    expect([res.status, await errorOf(res)]).toEqual([415, { code: "unsupported_media_type", message: JSON_PLEASE }]);
    const session = await call(disconnectPOST, { method: "POST", body: new TextEncoder().encode("{}"), headers: { "sec-fetch-site": "same-origin" } });
    expect([session.status, (await errorOf(session)).code]).toEqual([415, "unsupported_media_type"]);
  });

  it("answers bad input with 400 invalid_input and the field errors in details", async () => {
    const res = await call(echo, { method: "POST", body: JSON.stringify({ name: "A" }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: "invalid_input", message: "Name is too short.", details: { fieldErrors: { name: "Name is too short." } } });
    const broken = await call(echo, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(await errorOf(broken)).toEqual({ code: "invalid_input", message: "The body is not valid JSON." });
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
    expect(await errorOf(bad)).toEqual({ code: "bad_signature", message: "The request signature does not verify." });
    const good = await call(hook, { method: "POST", body, headers: { "x-sig": "good", "content-type": "application/json" } });
    expect(await good.json()).toEqual({ n: 1, raw: body });
    expect(seen).toEqual([body, body]);
  });

  it("signature routes take a signed form body as fields (Meta's signed_request callbacks), and a GET's empty body is what verify checks", async () => {
    const seen: string[] = [];
    const hook = route({ auth: "signature", schema: z.record(z.string(), z.string()), verify: (raw) => (seen.push(raw), true) }, async (input, who) => ({ input, raw: who.rawBody }));
    const form = await call(hook, { method: "POST", body: "signed_request=abc.def&x=1", headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" } });
    expect(await form.json()).toEqual({ input: { signed_request: "abc.def", x: "1" }, raw: "signed_request=abc.def&x=1" });
    const read = await call(hook, { url: `${APP}/api/test?signed_request=q` });
    expect(await read.json()).toEqual({ input: { signed_request: "q" }, raw: "" });
    expect(seen).toEqual(["signed_request=abc.def&x=1", ""]);
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

describe("session routes: the signed-in person, the organization a request acts on, and their role there", () => {
  let ran: number;
  const adminOnly = route({ auth: "session", role: "admin", schema: z.object({ organizationId: z.string().nullish(), note: z.string().optional() }) }, async (input, who) => {
    ran++;
    return { organizationId: who.organizationId, role: who.ctx.org.role, note: input.note ?? null };
  });
  let olga: TBrowser;
  let own: string;
  let adminOf: string;
  let memberOf: string;
  let notHers: string;
  beforeAll(async () => {
    const o = await person(database.db, "Olga");
    own = o.organizationId;
    adminOf = (await person(database.db, "Adam")).organizationId;
    await joinOrganization(database.db, o.userId, adminOf, "admin");
    memberOf = (await person(database.db, "Mira")).organizationId;
    await joinOrganization(database.db, o.userId, memberOf, "member");
    notHers = (await person(database.db, "Nils")).organizationId;
    olga = await signedInAs(database, o.userId, own);
  });
  const get = async (browser: TBrowser, query = "") => {
    ran = 0;
    const res = await callRoute(adminOnly, asBrowser(browser, `/api/test${query}`));
    return { res, status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } }, ran };
  };

  it("without a session a read and a same-origin JSON write are 401 unauthenticated, and the handler never runs", async () => {
    const read = await get(signedOut);
    expect([read.status, read.body.error, read.ran]).toEqual([401, { code: "unauthenticated", message: "Your session has ended. Sign in again." }, 0]);
    ran = 0;
    const write = await callRoute(adminOnly, asBrowser(signedOut, "/api/test", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }));
    expect([write.status, (await errorOf(write)).code, ran]).toEqual([401, "unauthenticated", 0]);
  });

  it("acts on the organization the person works in; an organizationId picks another of theirs, with their role there", async () => {
    expect((await get(olga)).body).toEqual({ organizationId: own, role: "owner", note: null });
    expect((await get(olga, "?organizationId=")).body).toEqual({ organizationId: own, role: "owner", note: null });
    expect((await get(olga, `?organizationId=${adminOf}`)).body).toEqual({ organizationId: adminOf, role: "admin", note: null });
  });

  it("an organization the person only joined as a member is 403 forbidden; one they are not in is 404 not_found; the handler never runs", async () => {
    const member = await get(olga, `?organizationId=${memberOf}`);
    expect([member.status, member.body.error, member.ran]).toEqual([403, { code: "forbidden", message: "Only an organization owner or admin can do this." }, 0]);
    const stranger = await get(olga, `?organizationId=${notHers}`);
    expect([stranger.status, stranger.body.error, stranger.ran]).toEqual([404, { code: "not_found", message: "No such organization." }, 0]);
  });

  it("a session route's own limit counts per person, not per address", async () => {
    const limited = route({ auth: "session", role: "member", rateLimit: { scope: "route-test-person", limit: 1, windowMs: 60_000 } }, async () => ({ ok: true }));
    const from = (ip: string) => callRoute(limited, asBrowser(olga, "/api/test", { headers: { "x-forwarded-for": ip } }));
    expect((await from("198.51.100.40")).status).toBe(200);
    expect((await from("198.51.100.41")).status).toBe(429);
  });

  it("a JSON write from the app's own origin runs: Origin equal to APP_URL's without fetch metadata, a charset on the type, an empty body", async () => {
    const sent = asBrowser(olga, "/api/test", { method: "POST" });
    const headers = new Headers(sent.headers);
    headers.delete("sec-fetch-site");
    headers.set("origin", APP);
    headers.set("content-type", "Application/JSON; charset=utf-8");
    const write = (body: string) => callRoute(adminOnly, new Request(`${APP}/api/test`, { method: "POST", headers, body }));
    const res = await write(JSON.stringify({ organizationId: adminOf, note: "hi" }));
    expect([res.status, await res.json()]).toEqual([200, { organizationId: adminOf, role: "admin", note: "hi" }]);
    expect(await (await write("")).json()).toEqual({ organizationId: own, role: "owner", note: null });
    expect(await (await write(" \n")).json()).toEqual({ organizationId: own, role: "owner", note: null });
    expect(await (await write(JSON.stringify({ organizationId: null }))).json()).toEqual({ organizationId: own, role: "owner", note: null });
    // JSON that is not an object is bad input (400), not a crash while looking for organizationId.
    for (const body of ["5", "null", '"x"']) expect([body, (await write(body)).status]).toEqual([body, 400]);
    headers.set("origin", "http://localhost:3001");
    ran = 0;
    const other = await write("{}");
    expect([other.status, (await errorOf(other)).code, ran]).toEqual([403, "cross_origin", 0]);
  });
});

describe("apiKey routes: the key decides the organization", () => {
  const keyed = route({ auth: "apiKey" }, async (_input, who) => ({ organizationId: who.apiKey.organizationId, role: who.apiKey.role }));
  const withKey = (authorization: string | null, ip = "198.51.100.20") =>
    call(keyed, { headers: { ...(authorization === null ? {} : { authorization }), "x-forwarded-for": ip } });
  let org: string;
  let key: string;
  beforeAll(async () => {
    org = await newOrganization("Keyed too");
    ({ key } = await createApiKey(database.db, { organizationId: org, userId: null, name: "ci" }));
  });

  it("a valid key acts with an admin's reach in its organization; the scheme is case-insensitive, trailing spaces ignored", async () => {
    expect(await (await withKey(`Bearer ${key}`)).json()).toEqual({ organizationId: org, role: "admin" });
    expect((await withKey(`bearer ${key}  `)).status).toBe(200);
  });

  it("a wrong key, a key without our prefix, another scheme, an overlong key and a revoked key are 401 unauthorized; only the key's organization revokes it", async () => {
    expect((await withKey(`Bearer   ${key}`)).status).toBe(200);
    const none = await withKey(null, "198.51.100.21");
    expect([none.status, (await errorOf(none)).message]).toEqual([401, "Send an API key: Authorization: Bearer sk_live_…"]);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="switchboard"');
    const wrong = await withKey(`Bearer ${key}x`, "198.51.100.21");
    expect((await errorOf(wrong)).message).toBe("This API key is not valid or was revoked.");
    for (const header of [`Bearer ${key}x`, `Bearer ${key.slice("sk_live_".length)}`, `Basic ${key}`, `NotBearer ${key}`, `Bearer ${key} extra`, `Bearer sk_live_${"a".repeat(200)}`]) {
      const res = await withKey(header, "198.51.100.21");
      expect([header, res.status, (await errorOf(res)).code]).toEqual([header, 401, "unauthorized"]);
    }
    const { key: soon, id: soonId } = await createApiKey(database.db, { organizationId: org, userId: null, name: "soon revoked" });
    expect((await withKey(`Bearer ${soon}`)).status).toBe(200);
    const elsewhere = await newOrganization("Elsewhere");
    expect(await revokeApiKey(database.db, elsewhere, soonId)).toBe(false);
    expect((await withKey(`Bearer ${soon}`)).status).toBe(200);
    expect(await revokeApiKey(database.db, org, soonId)).toBe(true);
    expect(await revokeApiKey(database.db, org, soonId)).toBe(false);
    const revoked = await withKey(`Bearer ${soon}`);
    expect([revoked.status, (await errorOf(revoked)).code]).toEqual([401, "unauthorized"]);
    expect(revoked.headers.get("www-authenticate")).toBe('Bearer realm="switchboard"');
  });

  it("a key-authenticated route's own limit counts per key, not per address", async () => {
    const limited = route({ auth: "apiKey", rateLimit: { scope: "route-test-key", limit: 1, windowMs: 60_000 } }, async () => ({ ok: true }));
    const { key: first } = await createApiKey(database.db, { organizationId: org, userId: null, name: "first" });
    const { key: second } = await createApiKey(database.db, { organizationId: org, userId: null, name: "second" });
    const send = (k: string, ip: string) => call(limited, { headers: { authorization: `Bearer ${k}`, "x-forwarded-for": ip } });
    expect((await send(first, "198.51.100.30")).status).toBe(200);
    expect((await send(second, "198.51.100.30")).status).toBe(200);
    expect((await send(first, "198.51.100.31")).status).toBe(429);
  });

  it("past its own limit a key is 429 rate_limited with Retry-After; another key of the same organization is unaffected", async () => {
    const { key: busy } = await createApiKey(database.db, { organizationId: org, userId: null, name: "busy" });
    let res = await withKey(`Bearer ${busy}`);
    for (let i = 0; i < API_KEY_RATE_LIMIT.limit && res.status === 200; i++) res = await withKey(`Bearer ${busy}`);
    expect(res.status).toBe(429);
    expect((await errorOf(res)).code).toBe("rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await withKey(`Bearer ${key}`)).status).toBe(200);
    // A valid key past its limit is not a guess: those requests do not use up the address's allowance of wrong keys.
    for (let i = 0; i < API_KEY_FAILURE_LIMIT.limit; i++) expect((await withKey(`Bearer ${busy}`)).status).toBe(429);
    const guess = await withKey("Bearer sk_live_guess-after-busy");
    expect([guess.status, (await errorOf(guess)).code]).toEqual([401, "unauthorized"]);
  });

  it("wrong keys from one address are limited (429 with Retry-After); a right key from there and wrong keys from elsewhere are not", async () => {
    let res = await withKey("Bearer sk_live_guess", "203.0.113.50");
    let tries = 1;
    for (; tries <= API_KEY_FAILURE_LIMIT.limit && res.status === 401; tries++) res = await withKey(`Bearer sk_live_guess${tries}`, "203.0.113.50");
    expect([tries, res.status, (await errorOf(res)).code]).toEqual([API_KEY_FAILURE_LIMIT.limit + 1, 429, "rate_limited"]);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await withKey(`Bearer ${key}`, "203.0.113.50")).status).toBe(200);
    expect((await withKey("Bearer sk_live_other", "203.0.113.51")).status).toBe(401);
  });
});

describe("GET /api/inbox/attachments/[id]/[index]: a kept attachment, to its organization's members only (A1)", () => {
  let alice: TBrowser;
  let bob: TBrowser;
  let messageId: string;
  beforeAll(async () => {
    const a = await person(database.db, "Alice");
    const b = await person(database.db, "Bob");
    alice = await signedInAs(database, a.userId, a.organizationId);
    bob = await signedInAs(database, b.userId, b.organizationId);
    const [c] = await database.db.insert(conversations).values({ organizationId: a.organizationId, channel: "messenger", accountId: "104857392016482", participantId: "6100000000000990" }).returning();
    const key = `${a.organizationId}/att-route-test-0.png`;
    await mediaStorage().put(key, new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    const fileKey = `${a.organizationId}/att-route-test-3.bin`;
    await mediaStorage().put(fileKey, new Uint8Array([0x25, 0x50, 0x44, 0x46]));
    const [m] = await database.db
      .insert(messages)
      .values({
        organizationId: a.organizationId,
        conversationId: c!.id,
        direction: "in",
        status: "received",
        attachments: [
          { type: "image", url: "https://scontent.xx.fbcdn.net/a.png", key, mime: "image/png" },
          { type: "image", url: "https://scontent.xx.fbcdn.net/b.png", unavailable: "too_large" },
          // A kept copy whose file is gone from storage.
          { type: "image", url: "https://scontent.xx.fbcdn.net/c.png", key: `${a.organizationId}/att-route-test-gone.png`, mime: "image/png" },
          { type: "file", url: "https://cdn.fbsbx.com/v/invoice.pdf", key: fileKey, mime: "application/pdf", name: "Rechnung März.pdf" },
        ],
      })
      .returning();
    messageId = m!.id;
  });
  const get = (browser: TBrowser, id: string, index: string) => callRoute(attachmentGET, asBrowser(browser, `/api/inbox/attachments/${id}/${index}`), { id, index });

  it("its organization's member gets the bytes with the type they showed; another organization's member gets 404", async () => {
    const mine = await get(alice, messageId, "0");
    expect([mine.status, mine.headers.get("content-type")]).toEqual([200, "image/png"]);
    expect([...new Uint8Array(await mine.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const theirs = await get(bob, messageId, "0");
    expect([theirs.status, await errorOf(theirs)]).toEqual([404, { code: "not_found", message: "No such attachment." }]);
  });

  it("an image is shown inline; a file is only a download, under the name it was sent with", async () => {
    expect((await get(alice, messageId, "0")).headers.get("content-disposition")).toBe("inline");
    const file = await get(alice, messageId, "3");
    expect([file.status, file.headers.get("content-type")]).toEqual([200, "application/pdf"]);
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
  });

  it("the message id is matched in any letter case", async () => {
    expect((await get(alice, messageId.toUpperCase(), "0")).status).toBe(200);
  });

  it("an attachment not kept, a kept copy whose file is gone, an index past the list, a negative or fractional index and a malformed id are 404", async () => {
    for (const [id, index] of [[messageId, "1"], [messageId, "2"], [messageId, "4"], [messageId, "-1"], [messageId, "0.5"], ["not-a-uuid", "0"], [`${messageId}0`, "0"], [`0${messageId}`, "0"], [crypto.randomUUID(), "0"]] as const) {
      const res = await get(alice, id, index);
      expect([id, index, res.status]).toEqual([id, index, 404]);
    }
  });
});
