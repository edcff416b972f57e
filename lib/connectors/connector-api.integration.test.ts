import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorOauthSessions, connectors, connectorWrites } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { runExpirySweep } from "@/lib/jobs/expiry-sweep";
import { addAllowedOrigin, API_KEY_FAILURE_LIMIT, API_KEY_RATE_LIMIT, createApiKey, revokeApiKey } from "@/lib/api-keys";
import { startConnectorApi, type ConnectorApiServer } from "@/tests/support/connector-api-server";
import { person } from "@/tests/support/meta-messaging-harness";
import { consent, FACEBOOK_APP, fbLogin } from "@/tests/support/sandbox-app";
import { useJobTestEnv } from "@/tests/support/world";

// The connector API end to end: route handlers behind a real HTTP server, a real t.tdb, the
// provider sandbox over HTTP.

const GRACE = "10163847561029384"; // Okafor Home Goods: act_193847561029384, act_193847561029385; personal act_561029384756102
const DANIEL = "10156574839201847";
const ACT_A = "act_193847561029384";
const ACT_B = "act_193847561029385";
const NORTHWIND_SYSTEM_USER = "61550000000000002";

const t = useJobTestEnv({ sandbox: true });
let api: ConnectorApiServer;
let orgA: string;
let orgB: string;
let keyA: string;
let keyA2: string;
let keyB: string;

type Json = Record<string, any>;

async function call(method: string, path: string, opts: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? keyA : opts.key;
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers["content-type"] ??= "application/json";
  const res = await fetch(`${api.url}${path}`, { method, headers, body, redirect: "manual" });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

const sandboxPost = async (path: string, body: unknown) =>
  (await (await fetch(`${t.sb.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json()) as Json;
const systemToken = async (systemUserId = "61550000000000001", scopes = ["ads_read", "ads_management"]) => (await sandboxPost("/__sandbox/meta/system-user-token", { system_user_id: systemUserId, scopes })).access_token as string;
const userToken = (user: string, scopes: string[], longLived = false) => fbLogin(t.sb.sandbox, user, scopes, { longLived });

async function createConnector(body: Json, key = keyA) {
  return call("POST", "/api/v1/integrations/connectors", { key, body: { external_user_id: "user-1", connector_type: "Facebook-Marketing", name: "Okafor ads", ...body } });
}
async function execute(id: string, entity: string, action: string, params: Json = {}, key = keyA) {
  return call("POST", `/api/v1/integrations/connectors/${id}/execute`, { key, body: { entity, action, params } });
}

beforeAll(async () => {
  api = await startConnectorApi();
  const a = await person(t.tdb.db, "Ada");
  const b = await person(t.tdb.db, "Bo");
  [orgA, orgB] = [a.orgId, b.orgId];
  keyA = (await createApiKey(t.tdb.db, { organizationId: orgA, userId: a.userId, name: "agent" })).key;
  keyA2 = (await createApiKey(t.tdb.db, { organizationId: orgA, userId: a.userId, name: "hammer" })).key;
  keyB = (await createApiKey(t.tdb.db, { organizationId: orgB, userId: b.userId, name: "other org" })).key;
  await addAllowedOrigin(t.tdb.db, orgA, "https://agent.example");
});

afterAll(async () => {
  await api?.close();
});

describe("creating connectors", () => {
  it("with an OAuth access token: checked with Meta, account ids normalised, no secret echoed, token encrypted at rest", async () => {
    const token = await userToken(GRACE, ["ads_read"]);
    const res = await createConnector({ credentials: { access_token: token }, replication_config: { account_ids: "193847561029384, act_193847561029385" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ connector_type: "Facebook-Marketing", external_user_id: "user-1", credential_kind: "oauth", replication_config: { account_ids: [ACT_A, ACT_B] }, allow_writes: false, scopes: ["ads_read"] });
    expect(JSON.stringify(res.body)).not.toContain(token);
    const [row] = await t.tdb.db.select().from(connectors).where(eq(connectors.id, res.body.id));
    expect(row!.accessToken).not.toContain(token);
    expect(row!.accessToken).toMatch(/^v1\./);
    const dump = await t.tdb.db.execute(sql`select * from connectors`);
    expect(JSON.stringify(dump)).not.toContain(token);
  });

  it("with client_id and client_secret a short-lived token is exchanged for a long-lived one", async () => {
    const before = await t.sb.stats();
    const token = await userToken(GRACE, ["ads_read"]);
    const res = await createConnector({ credentials: { access_token: token, client_id: FACEBOOK_APP.clientId, client_secret: FACEBOOK_APP.clientSecret }, replication_config: { account_ids: [ACT_A] } });
    expect(res.status).toBe(201);
    const after = await t.sb.stats();
    // fbLogin's code exchange, then our fb_exchange_token.
    expect(after["graph.facebook.com GET /oauth/access_token"]! - (before["graph.facebook.com GET /oauth/access_token"] ?? 0)).toBe(2);
    expect(Date.parse(res.body.token_expires_at) - Date.now()).toBeGreaterThan(50 * 86_400_000);
    expect(JSON.stringify(res.body)).not.toContain(FACEBOOK_APP.clientSecret);
  });

  it("with an account_key (a system user's long-lived token)", async () => {
    const res = await createConnector({ credentials: { account_key: await systemToken() }, replication_config: { account_ids: ACT_A } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ credential_kind: "account_key", token_expires_at: null, replication_config: { account_ids: [ACT_A] } });
  });

  it("refuses a token without ads_read, an invalid token and an unreachable account, naming the field", async () => {
    const pagesOnly = await userToken(GRACE, ["pages_show_list"]);
    const noAds = await createConnector({ credentials: { access_token: pagesOnly }, replication_config: { account_ids: ACT_A } });
    expect(noAds.status).toBe(422);
    expect(noAds.body.error.code).toBe("provider_auth_failed");
    const bogus = await createConnector({ credentials: { access_token: "EAAnot-a-real-token-at-all" }, replication_config: { account_ids: ACT_A } });
    expect(bogus.body.error.code).toBe("provider_auth_failed");
    const token = await userToken(GRACE, ["ads_read"]);
    const unreachable = await createConnector({ credentials: { access_token: token }, replication_config: { account_ids: [ACT_A, "act_736455463728192"] } });
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.error).toMatchObject({ code: "validation_failed", details: { issues: [{ path: "replication_config.account_ids.1" }] } });
    expect(await t.tdb.db.select().from(connectors).where(eq(connectors.name, "never"))).toHaveLength(0);
  });

  it("answers malformed JSON, wrong types and missing fields with 400 validation_failed and field paths (A7)", async () => {
    const malformed = await call("POST", "/api/v1/integrations/connectors", { raw: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe("validation_failed");
    const wrong = await call("POST", "/api/v1/integrations/connectors", { body: { external_user_id: 5, connector_type: "Facebook-Marketing", name: "x".repeat(5000), replication_config: { account_ids: ["act_abc"] } } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe("validation_failed");
    expect(Object.keys(wrong.body.error.details.fieldErrors)).toEqual(expect.arrayContaining(["external_user_id", "name", "replication_config.account_ids.0"]));
    const none = await call("POST", "/api/v1/integrations/connectors", { body: {} });
    expect(none.status).toBe(400);
    const both = await createConnector({ credentials: { account_key: "EAAxxxxxxxxxxxxx" }, server_side_oauth_secret_id: "sos_xxxxxxxxxxxxxxxx", replication_config: { account_ids: ACT_A } });
    expect(both.body.error.code).toBe("validation_failed");
    const badExecute = await call("POST", "/api/v1/integrations/connectors/00000000-0000-4000-8000-000000000000/execute", { raw: "[1,2" });
    expect(badExecute.status).toBe(400);
  });
});

describe("execute", () => {
  let connectorId: string;
  let writable: string;
  beforeAll(async () => {
    const token = await userToken(GRACE, ["ads_read"]);
    connectorId = (await createConnector({ name: "reader", credentials: { access_token: token }, replication_config: { account_ids: [ACT_A, ACT_B] } })).body.id;
    writable = (await createConnector({ name: "writer", allow_writes: true, credentials: { account_key: await systemToken() }, replication_config: { account_ids: [ACT_A] } })).body.id;
  });

  it("lists campaigns a page at a time with next_cursor", async () => {
    const first = await execute(connectorId, "campaigns", "list", { account_id: "193847561029384", limit: 2 });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await execute(connectorId, "campaigns", "list", { account_id: ACT_A, limit: 2, after: first.body.next_cursor });
    expect(second.body.data).toHaveLength(1);
    expect(second.body.next_cursor).toBeNull();
    expect(second.body.data[0].name).toBe("Brand Awareness");
  });

  it("reads insights with time_range, time_increment and paging", async () => {
    const params = { account_id: ACT_A, level: "campaign", fields: ["campaign_id", "campaign_name", "spend", "impressions"], time_range: { since: "2026-03-01", until: "2026-03-10" }, time_increment: 1, limit: 20 };
    const first = await execute(connectorId, "ads_insights", "list", params);
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(20);
    expect(first.body.data[0]).toMatchObject({ date_start: "2026-03-01", date_stop: "2026-03-01", campaign_name: expect.any(String) });
    const rest = await execute(connectorId, "ads_insights", "list", { ...params, after: first.body.next_cursor });
    expect(rest.body.data).toHaveLength(10);
    expect(rest.body.next_cursor).toBeNull();
    // A cursor belongs to its account, and a made-up one is refused.
    expect((await execute(connectorId, "ads_insights", "list", { ...params, account_id: ACT_B, after: first.body.next_cursor })).body.error.details.issues[0].path).toBe("params.after");
    expect((await execute(connectorId, "ads_insights", "list", { ...params, after: "bm9wZQ" })).status).toBe(400);
  });

  it("reads every account's insights at once without account_id", async () => {
    const res = await execute(connectorId, "ads_insights", "list", { date_preset: "last_7d", fields: "spend" });
    expect(res.body.data.map((r: Json) => r.account_id).sort()).toEqual(["193847561029384", "193847561029385"]);
  });

  it("uses an async report run when Meta says the synchronous request is too large", async () => {
    const before = (await t.sb.stats())["graph.facebook.com POST /{id}/insights"] ?? 0;
    const res = await execute(connectorId, "ads_insights", "list", { account_id: ACT_A, level: "ad", fields: "ad_id,spend", breakdowns: ["age", "gender"], time_range: { since: "2026-01-01", until: "2026-02-15" }, time_increment: 1, limit: 100 });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(100);
    expect((await t.sb.stats())["graph.facebook.com POST /{id}/insights"]).toBe(before + 1);
    const next = await execute(connectorId, "ads_insights", "list", { account_id: ACT_A, level: "ad", fields: "ad_id,spend", breakdowns: ["age", "gender"], time_range: { since: "2026-01-01", until: "2026-02-15" }, time_increment: 1, limit: 100, after: res.body.next_cursor });
    expect(next.body.data).toHaveLength(100);
    expect(next.body.data[0]).not.toEqual(res.body.data[0]);
  });

  it("gets the current user, ad accounts, one campaign, assets and pixels", async () => {
    expect((await execute(connectorId, "current_user", "get")).body.data.name).toBe("Grace Okafor");
    expect((await execute(connectorId, "ad_accounts", "list")).body.data.map((a: Json) => a.id)).toEqual([ACT_A, ACT_B]);
    expect((await execute(connectorId, "ad_accounts", "search", { query: "retargeting" })).body.data.map((a: Json) => a.id)).toEqual([ACT_B]);
    const campaigns = await execute(connectorId, "campaigns", "list", { account_id: ACT_A });
    const one = await execute(connectorId, "campaigns", "get", { campaign_id: campaigns.body.data[0].id });
    expect(one.body.data).toMatchObject({ id: campaigns.body.data[0].id, name: "Spring Collection" });
    for (const entity of ["custom_conversions", "images", "videos", "pixels", "ad_sets", "ads", "ad_creatives"]) {
      const r = await execute(connectorId, entity, "list", { account_id: ACT_A });
      expect(r.status, entity).toBe(200);
      expect(r.body.data.length, entity).toBeGreaterThan(0);
    }
  });

  it("refuses an ad account outside account_ids before calling Meta", async () => {
    const before = await t.sb.stats();
    const res = await execute(connectorId, "campaigns", "list", { account_id: "act_561029384756102" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    expect((await execute(connectorId, "ads_insights", "list", { account_id: "561029384756102" })).status).toBe(403);
    expect(await t.sb.stats()).toEqual(before);
    // An object of an account the connector does not hold is not found.
    const daniel = await createConnector({ name: "daniel", credentials: { access_token: await userToken(DANIEL, ["ads_read"]) }, replication_config: { account_ids: "act_736455463728192" } });
    const foreign = await execute(daniel.body.id, "campaigns", "get", { campaign_id: "23850293840001" });
    expect(foreign.status).toBe(404);
    // Even when the token can see it: a campaign of an account the connector does not list is not found.
    const onlyB = await createConnector({ name: "only B", credentials: { access_token: await userToken(GRACE, ["ads_read"]) }, replication_config: { account_ids: ACT_B } });
    expect((await execute(onlyB.body.id, "campaigns", "get", { campaign_id: "23850293840001" })).status).toBe(404);
  });

  it("validates params per entity and action with field paths", async () => {
    const res = await execute(connectorId, "ads_insights", "list", { account_id: ACT_A, time_range: { since: "2026-03-10", until: "2026-03-01" }, level: "galaxy" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: Json) => i.path)).toEqual(expect.arrayContaining(["params.level", "params.time_range.until"]));
    expect((await execute(connectorId, "campaigns", "delete", {})).body.error.details.issues[0].path).toBe("action");
    expect((await execute(connectorId, "galaxies", "list", {})).body.error.details.issues[0].path).toBe("entity");
    expect((await execute(connectorId, "campaigns", "list", {})).body.error.details.issues[0].path).toBe("params.account_id");
  });

  it("refuses a write without allow_writes and never reaches Meta", async () => {
    const before = (await t.sb.stats())["graph.facebook.com POST /{id}"] ?? 0;
    const res = await execute(connectorId, "campaigns", "update", { campaign_id: "23850293840001", status: "PAUSED" });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("allow_writes");
    expect((await t.sb.stats())["graph.facebook.com POST /{id}"] ?? 0).toBe(before);
  });

  it("with allow_writes and ads_management a write reaches the sandbox and is recorded with before and after", async () => {
    const res = await execute(writable, "campaigns", "update", { campaign_id: "23850293840001", status: "PAUSED", daily_budget: 4200 });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: "PAUSED", daily_budget: "4200" });
    expect((await t.sb.stats())["graph.facebook.com POST /{id}"]).toBeGreaterThanOrEqual(1);
    const [write] = await t.tdb.db.select().from(connectorWrites).where(eq(connectorWrites.connectorId, writable));
    expect(write).toMatchObject({ entity: "campaigns", objectId: "23850293840001", before: { status: "ACTIVE" }, after: { status: "PAUSED", daily_budget: "4200" } });
    expect(write!.apiKeyId).not.toBeNull();
    // A token without ads_management cannot write even when the connector allows it.
    const readOnly = await createConnector({ name: "ro", allow_writes: true, credentials: { account_key: await systemToken("61550000000000001", ["ads_read"]) }, replication_config: { account_ids: ACT_A } });
    const refused = await execute(readOnly.body.id, "ads", "update", { ad_id: "23850293840002", status: "PAUSED" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("ads_management");
  });
});

describe("Meta failures", () => {
  it("Meta throttling the ad account is 429 provider_rate_limited with retry_after and Retry-After", async () => {
    const c = await createConnector({ name: "throttled", credentials: { account_key: await systemToken() }, replication_config: { account_ids: ACT_A } });
    const label = "graph.facebook.com GET /{id}/campaigns";
    await sandboxPost("/__sandbox/knobs", { overrides: { [label]: { rateLimitAfter: 0 } } });
    try {
      const res = await execute(c.body.id, "campaigns", "list", { account_id: ACT_A });
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe("provider_rate_limited");
      expect(res.body.error.details.retry_after).toBeGreaterThan(0);
      expect(res.headers.get("retry-after")).toBe(String(res.body.error.details.retry_after));
    } finally {
      await sandboxPost("/__sandbox/knobs", { overrides: { [label]: { rateLimitAfter: null } } });
    }
    expect((await execute(c.body.id, "campaigns", "list", { account_id: ACT_A })).status).toBe(200);
  });

  it("Meta failing (5xx) or not answering in time is 502 provider_error, never a 500", async () => {
    const c = await createConnector({ name: "slow", credentials: { account_key: await systemToken() }, replication_config: { account_ids: ACT_A } });
    const label = "graph.facebook.com GET /{id}/adsets";
    await sandboxPost("/__sandbox/knobs", { overrides: { [label]: { failureRate: 1 } } });
    try {
      const failing = await execute(c.body.id, "ad_sets", "list", { account_id: ACT_A });
      expect(failing.status).toBe(502);
      expect(failing.body.error.code).toBe("provider_error");
    } finally {
      await sandboxPost("/__sandbox/knobs", { overrides: { [label]: { failureRate: 0 } } });
    }
    process.env.HTTP_TIMEOUT_MS = "200";
    resetEnvForTests();
    // Meta never answers: the sandbox holds the request until the assertion is done.
    const stalled = t.sb.sandbox.hold(label);
    try {
      const slow = await execute(c.body.id, "ad_sets", "list", { account_id: ACT_A });
      expect(slow.status).toBe(502);
      expect(slow.body.error).toMatchObject({ code: "provider_error", message: expect.stringContaining("in time") });
      expect(stalled.count).toBeGreaterThan(0);
    } finally {
      stalled.release();
      delete process.env.HTTP_TIMEOUT_MS;
      resetEnvForTests();
    }
  });

  it("a token revoked at Meta after creation is 422 provider_auth_failed", async () => {
    const token = await userToken(DANIEL, ["ads_read"]);
    const c = await createConnector({ name: "revoked", credentials: { access_token: token }, replication_config: { account_ids: "act_736455463728192" } });
    await sandboxPost("/__sandbox/tokens/revoke", { token });
    const res = await execute(c.body.id, "campaigns", "list", { account_id: "act_736455463728192" });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("provider_auth_failed");
    expect(JSON.stringify(res.body)).not.toContain(token);
  });
});

describe("keys and organizations", () => {
  it("a key sees only its organization: another organization's connector is 404 on every route (A1)", async () => {
    const mine = await createConnector({ name: "mine", credentials: { account_key: await systemToken() }, replication_config: { account_ids: ACT_A } });
    const id = mine.body.id;
    expect((await call("GET", `/api/v1/integrations/connectors/${id}`, { key: keyB })).status).toBe(404);
    expect((await call("PATCH", `/api/v1/integrations/connectors/${id}`, { key: keyB, body: { name: "stolen" } })).status).toBe(404);
    expect((await call("DELETE", `/api/v1/integrations/connectors/${id}`, { key: keyB })).status).toBe(404);
    expect((await execute(id, "campaigns", "list", { account_id: ACT_A }, keyB)).status).toBe(404);
    expect((await call("GET", "/api/v1/integrations/connectors", { key: keyB })).body.data).toEqual([]);
    expect((await call("GET", `/api/v1/integrations/connectors/${id}`)).body.name).toBe("mine");
    expect((await call("GET", "/api/v1/integrations/connectors/not-a-uuid")).status).toBe(404);
  });

  it("lists by external_user_id, patches and deletes", async () => {
    const c = await createConnector({ external_user_id: "user-77", name: "to edit", credentials: { account_key: await systemToken() }, replication_config: { account_ids: ACT_A } });
    const listed = await call("GET", "/api/v1/integrations/connectors?external_user_id=user-77");
    expect(listed.body.data.map((x: Json) => x.id)).toEqual([c.body.id]);
    const patched = await call("PATCH", `/api/v1/integrations/connectors/${c.body.id}`, { body: { name: "edited", replication_config: { account_ids: [ACT_A, ACT_B] } } });
    expect(patched.body).toMatchObject({ name: "edited", replication_config: { account_ids: [ACT_A, ACT_B] } });
    const unreachable = await call("PATCH", `/api/v1/integrations/connectors/${c.body.id}`, { body: { replication_config: { account_ids: "act_736455463728192" } } });
    expect(unreachable.status).toBe(400);
    const noAds = await call("PATCH", `/api/v1/integrations/connectors/${c.body.id}`, { body: { credentials: { access_token: await userToken(GRACE, ["pages_show_list"]) } } });
    expect(noAds.body.error.code).toBe("provider_auth_failed");
    const token = await userToken(GRACE, ["ads_read"]);
    const rekeyed = await call("PATCH", `/api/v1/integrations/connectors/${c.body.id}`, { body: { credentials: { access_token: token }, allow_writes: true } });
    expect(rekeyed.body).toMatchObject({ credential_kind: "oauth", scopes: ["ads_read"], allow_writes: true, name: "edited" });
    expect(JSON.stringify(rekeyed.body)).not.toContain(token);
    expect((await call("PATCH", `/api/v1/integrations/connectors/${c.body.id}`, { body: {} })).body.error.code).toBe("validation_failed");
    expect((await call("DELETE", `/api/v1/integrations/connectors/${c.body.id}`)).status).toBe(204);
    expect((await call("GET", `/api/v1/integrations/connectors/${c.body.id}`)).status).toBe(404);
  });

  it("no key, a wrong key and a revoked key are 401 unauthorized", async () => {
    expect((await call("GET", "/api/v1/integrations/connectors", { key: null })).body.error.code).toBe("unauthorized");
    expect((await call("GET", "/api/v1/integrations/connectors", { key: "sk_live_wrongwrongwrongwrongwrong" })).status).toBe(401);
    const { key, id } = await createApiKey(t.tdb.db, { organizationId: orgA, userId: null, name: "soon revoked" });
    expect((await call("GET", "/api/v1/integrations/connectors", { key })).status).toBe(200);
    expect(await revokeApiKey(t.tdb.db, orgB, id)).toBe(false);
    expect(await revokeApiKey(t.tdb.db, orgA, id)).toBe(true);
    const res = await call("GET", "/api/v1/integrations/connectors", { key });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("each key has its own rate limit: 429 with Retry-After, other keys unaffected (A5)", async () => {
    let last = 0;
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i <= API_KEY_RATE_LIMIT.limit; i++) {
      const r = await call("GET", "/api/v1/integrations/connectors?external_user_id=none", { key: keyA2 });
      last = r.status;
      if (r.status === 429) {
        limited = r;
        break;
      }
    }
    expect(last).toBe(429);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited!.body.error.code).toBe("rate_limited");
    expect((await call("GET", "/api/v1/integrations/connectors?external_user_id=none", { key: keyA })).status).toBe(200);
  });
});

describe("guessing keys", () => {
  it("wrong keys from one address are limited to 30 a minute (429 with Retry-After); other addresses are unaffected", async () => {
    const from = (ip: string, key: string | null) => call("GET", "/api/v1/integrations/connectors", { key, headers: { "x-forwarded-for": ip } });
    let res = await from("203.0.113.9", "sk_live_guess");
    for (let i = 0; i < API_KEY_FAILURE_LIMIT.limit && res.status === 401; i++) res = await from("203.0.113.9", `sk_live_guess${i}`);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe("rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await from("203.0.113.10", "sk_live_other")).status).toBe(401);
    expect((await from("203.0.113.11", keyA)).status).toBe(200);
  });
});

describe("server-side OAuth", () => {
  async function authorize(externalUserId: string, redirectUrl = "https://agent.example/done?x=1"): Promise<string> {
    const init = await call("POST", "/api/v1/integrations/connectors/oauth/initiate", { body: { external_user_id: externalUserId, connector_type: "Facebook-Marketing", redirect_url: redirectUrl } });
    expect(init.status).toBe(200);
    // The end user's browser opens the consent link (the app's URL), gets the flow cookie and goes to Facebook.
    const consentUrl = new URL(init.body.consent_url);
    const start = await fetch(`${api.url}${consentUrl.pathname}${consentUrl.search}`, { redirect: "manual" });
    expect(start.status).toBe(303);
    const cookie = start.headers.getSetCookie()[0]!.split(";")[0]!;
    const callbackUrl = new URL(await consent(start.headers.get("location")!, "allow", GRACE, { ad_account_ids: ACT_A }));
    const done = await fetch(`${api.url}${callbackUrl.pathname}${callbackUrl.search}`, { headers: { cookie }, redirect: "manual" });
    expect(done.status).toBe(303);
    const landed = new URL(done.headers.get("location")!);
    expect(`${landed.origin}${landed.pathname}`).toBe("https://agent.example/done");
    expect(landed.searchParams.get("x")).toBe("1");
    return landed.searchParams.get("secret_id")!;
  }

  it("initiate → consent → redirect_url?secret_id → create → execute; the secret id works once", async () => {
    const secret = await authorize("oauth-user");
    expect(secret).toMatch(/^sos_/);
    const created = await createConnector({ external_user_id: "oauth-user", server_side_oauth_secret_id: secret, replication_config: { account_ids: ACT_A } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ credential_kind: "server_side_oauth", scopes: expect.arrayContaining(["ads_read"]) });
    expect((await execute(created.body.id, "campaigns", "list", { account_id: ACT_A })).body.data).toHaveLength(3);
    const again = await createConnector({ external_user_id: "oauth-user", server_side_oauth_secret_id: secret, replication_config: { account_ids: ACT_A } });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe("validation_failed");
  });

  it("a secret id is bound to its organization and external user", async () => {
    const secret = await authorize("bound-user");
    expect((await createConnector({ external_user_id: "someone-else", server_side_oauth_secret_id: secret, replication_config: { account_ids: ACT_A } })).status).toBe(400);
    expect((await createConnector({ external_user_id: "bound-user", server_side_oauth_secret_id: secret, replication_config: { account_ids: ACT_A } }, keyB)).status).toBe(400);
    expect((await createConnector({ external_user_id: "bound-user", server_side_oauth_secret_id: secret, replication_config: { account_ids: ACT_A } })).status).toBe(201);
  });

  it("redirect_url must be https (or localhost) on an allowed origin (O6)", async () => {
    for (const bad of ["http://agent.example/done", "https://evil.example/done", "//evil.example", "javascript:alert(1)", "https://agent.example.evil.com/x"]) {
      const res = await call("POST", "/api/v1/integrations/connectors/oauth/initiate", { body: { external_user_id: "u", connector_type: "Facebook-Marketing", redirect_url: bad } });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
    }
    // Another organization has not allowed agent.example.
    const other = await call("POST", "/api/v1/integrations/connectors/oauth/initiate", { key: keyB, body: { external_user_id: "u", connector_type: "Facebook-Marketing", redirect_url: "https://agent.example/done" } });
    expect(other.status).toBe(400);
  });

  it("after 10 minutes the secret id no longer creates a connector, and the expiry sweep removes it", async () => {
    const secret = await authorize("late-user");
    await t.tdb.db.update(connectorOauthSessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(connectorOauthSessions.externalUserId, "late-user"));
    const late = await createConnector({ external_user_id: "late-user", server_side_oauth_secret_id: secret, replication_config: { account_ids: ACT_A } });
    expect(late.status).toBe(400);
    expect((await runExpirySweep(t.tdb.db)).connectorOauthSessions).toBeGreaterThanOrEqual(1);
    expect(await t.tdb.db.select().from(connectorOauthSessions).where(eq(connectorOauthSessions.externalUserId, "late-user"))).toHaveLength(0);
  });

  it("the callback is a purpose of the one pipeline: a declined consent lands on redirect_url?error=consent_denied; the same callback again is a 400 page of ours", async () => {
    const init = await call("POST", "/api/v1/integrations/connectors/oauth/initiate", { body: { external_user_id: "declining-user", connector_type: "Facebook-Marketing", redirect_url: "https://agent.example/done" } });
    const consentUrl = new URL(init.body.consent_url);
    const start = await fetch(`${api.url}${consentUrl.pathname}${consentUrl.search}`, { redirect: "manual" });
    const cookie = start.headers.getSetCookie()[0]!.split(";")[0]!;
    const callbackUrl = new URL(await consent(start.headers.get("location")!, "cancel", GRACE));
    const callback = () => fetch(`${api.url}${callbackUrl.pathname}${callbackUrl.search}`, { headers: { cookie }, redirect: "manual" });
    const declined = await callback();
    expect(declined.status).toBe(303);
    const landed = new URL(declined.headers.get("location")!);
    expect(`${landed.origin}${landed.pathname}`).toBe("https://agent.example/done");
    expect([...landed.searchParams]).toEqual([["error", "consent_denied"]]);
    // The pipeline's answer (O7): no referrer, no store, the flow cookie cleared.
    expect(declined.headers.get("referrer-policy")).toBe("no-referrer");
    expect(declined.headers.get("cache-control")).toBe("no-store");
    expect(declined.headers.getSetCookie().some((c) => c.startsWith(`${cookie.split("=")[0]}=;`) && /max-age=0/i.test(c))).toBe(true);
    // Nothing was kept for the declined session.
    const [session] = await t.tdb.db.select().from(connectorOauthSessions).where(eq(connectorOauthSessions.externalUserId, "declining-user"));
    expect(session).toMatchObject({ secretHash: null, accessToken: null });

    // Replayed: the flow is gone, so there is no application to return to — our own page.
    const replayed = await callback();
    expect(replayed.status).toBe(400);
    expect(replayed.headers.get("location")).toBeNull();
    expect(await replayed.text()).toContain("This sign-in cannot be completed");
  });

  it("a consent link without its session, or used after the flow finished, shows an expiry page", async () => {
    const res = await fetch(`${api.url}/api/v1/integrations/connectors/oauth/consent?session=nope`, { redirect: "manual" });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("expired");
  });
});

describe("discoverability", () => {
  it("GET /api/v1/openapi.json is an OpenAPI 3.1 document whose refs resolve and whose execute variants cover every entity action", async () => {
    const res = await call("GET", "/api/v1/openapi.json", { key: null });
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const r of refs) expect(doc.components.schemas[r], r).toBeDefined();
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      expect(path.startsWith("/")).toBe(true);
      for (const [method, op] of Object.entries(item as Json)) {
        if (method === "parameters") continue;
        expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    const variants = Object.keys(doc.components.schemas).filter((k) => k.startsWith("Execute_"));
    expect(variants).toEqual(expect.arrayContaining(["Execute_ads_insights_list", "Execute_campaigns_update", "Execute_current_user_get", "Execute_pixels_list"]));
    expect(doc.components.schemas.Execute_ads_insights_list.properties.params.properties.level.enum).toEqual(["account", "campaign", "adset", "ad"]);
  });

  it("an MCP client from the SDK lists the tools and calls execute", async () => {
    const c = await createConnector({ name: "mcp", credentials: { account_key: await systemToken() }, replication_config: { account_ids: ACT_A } });
    const client = new Client({ name: "test-agent", version: "1.0.0" });
    const transport = new StreamableHTTPClientTransport(new URL(`${api.url}/api/mcp`), { requestInit: { headers: { authorization: `Bearer ${keyA}` } } });
    await client.connect(transport);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual(["describe_entities", "execute", "list_connectors"]);
    expect(tools.tools.find((t) => t.name === "execute")!.inputSchema.properties).toHaveProperty("connector_id");
    const result = await client.callTool({ name: "execute", arguments: { connector_id: c.body.id, entity: "campaigns", action: "list", params: { account_id: ACT_A } } });
    const payload = JSON.parse((result.content as Array<{ text: string }>)[0]!.text);
    expect(payload.data).toHaveLength(3);
    const refused = await client.callTool({ name: "execute", arguments: { connector_id: c.body.id, entity: "campaigns", action: "list", params: { account_id: "act_561029384756102" } } });
    expect(refused.isError).toBe(true);
    await client.close();
    const noKey = await fetch(`${api.url}/api/mcp`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
    expect(noKey.status).toBe(401);
  });
});
