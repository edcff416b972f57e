import { describe, expect, it } from "vitest";
import { FACEBOOK_APP } from "../../core/apps";
import { call, fbLogin, graph, metaSandbox } from "../meta/test-helpers";

const GRACE = "10163847561029384";
const ACT = "act_193847561029384";
const CAMPAIGN = "23850293840001"; // first seeded campaign of ACT
const appToken = `${FACEBOOK_APP.clientId}|${FACEBOOK_APP.clientSecret}`;

async function systemToken(s: ReturnType<typeof metaSandbox>, body: Record<string, unknown> = {}): Promise<string> {
  const res = await call(s, "POST", "/__sandbox/meta/system-user-token", {}, { body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  return res.body.access_token;
}

describe("Marketing API: objects, writes, assets, async reports", () => {
  it("reads one campaign, ad set and ad by id; another user's object does not exist for them", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["ads_read"]);
    const campaign = await graph(s, "GET", `/${CAMPAIGN}`, token, { fields: "id,name,status,daily_budget" });
    expect(campaign.body).toMatchObject({ id: CAMPAIGN, name: "Spring Collection", status: "ACTIVE" });
    const adsets = await graph(s, "GET", `/${ACT}/adsets`, token, { fields: "id,campaign_id" });
    expect((await graph(s, "GET", `/${adsets.body.data[0].id}`, token, { fields: "campaign_id" })).body.campaign_id).toBe(CAMPAIGN);
    const daniel = await fbLogin(s, "10156574839201847", ["ads_read"]);
    expect((await graph(s, "GET", `/${CAMPAIGN}`, daniel)).body.error.error_subcode).toBe(33);
  });

  it("POST /{campaign} changes status, name and daily budget with ads_management only; reads show the change", async () => {
    const s = metaSandbox();
    const reader = await fbLogin(s, GRACE, ["ads_read"]);
    const refused = await graph(s, "POST", `/${CAMPAIGN}`, reader, { status: "PAUSED" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe(200);
    const manager = await fbLogin(s, GRACE, ["ads_management"]);
    expect((await graph(s, "POST", `/${CAMPAIGN}`, manager, { status: "PAUSED", name: "Spring (paused)", daily_budget: "4500" })).body).toEqual({ success: true });
    const after = await graph(s, "GET", `/${CAMPAIGN}`, manager, { fields: "status,effective_status,name,daily_budget" });
    expect(after.body).toMatchObject({ status: "PAUSED", effective_status: "PAUSED", name: "Spring (paused)", daily_budget: "4500" });
    const listed = await graph(s, "GET", `/${ACT}/campaigns`, manager, { fields: "name" });
    expect(listed.body.data[0].name).toBe("Spring (paused)");
    expect((await graph(s, "POST", `/${CAMPAIGN}`, manager, { status: "SLEEPING" })).body.error.code).toBe(100);
    expect((await graph(s, "POST", `/${CAMPAIGN}`, manager, { daily_budget: "12.5" })).body.error.error_subcode).toBe(1885272);
  });

  it("lists custom conversions, images, videos and pixels of an ad account", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["ads_read"]);
    expect((await graph(s, "GET", `/${ACT}/customconversions`, token, { fields: "id,name,custom_event_type" })).body.data[0]).toMatchObject({ name: "Purchase over $100", custom_event_type: "PURCHASE" });
    expect((await graph(s, "GET", `/${ACT}/adimages`, token, { fields: "hash,width,height" })).body.data).toHaveLength(3);
    expect((await graph(s, "GET", `/${ACT}/advideos`, token, { fields: "id,title" })).body.data).toHaveLength(2);
    expect((await graph(s, "GET", `/${ACT}/adspixels`, token, { fields: "id,name" })).body.data[0].name).toContain("Pixel");
  });

  it("a synchronous insights call too large for Meta answers code 1; the async report run gives the rows", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["ads_read"]);
    const big = { level: "ad", fields: "ad_id,impressions,spend", time_range: JSON.stringify({ since: "2025-03-01", until: "2025-11-30" }), time_increment: "1", breakdowns: "age,gender" };
    const sync = await graph(s, "GET", `/${ACT}/insights`, token, big);
    expect(sync.body.error).toMatchObject({ code: 1, error_subcode: 99 });
    const small = { level: "campaign", fields: "campaign_id,spend", time_range: JSON.stringify({ since: "2025-03-01", until: "2025-03-10" }), time_increment: "1" };
    const started = await graph(s, "POST", `/${ACT}/insights`, token, small);
    const runId = started.body.report_run_id;
    expect(runId).toMatch(/^\d+$/);
    expect((await graph(s, "GET", `/${runId}/insights`, token)).body.error.code).toBe(100);
    expect((await graph(s, "GET", `/${runId}`, token, { fields: "async_status,async_percent_completion" })).body.async_status).toBe("Job Running");
    expect((await graph(s, "GET", `/${runId}`, token, { fields: "async_status,async_percent_completion" })).body).toMatchObject({ async_status: "Job Completed", async_percent_completion: 100 });
    const first = await graph(s, "GET", `/${runId}/insights`, token, { limit: "25" });
    expect(first.body.data).toHaveLength(25);
    const direct = await graph(s, "GET", `/${ACT}/insights`, token, { ...small, limit: "25" });
    expect(first.body.data).toEqual(direct.body.data);
    expect(first.body.paging.next).toContain(`/${runId}/insights`);
    // Daily rows are not copies of one another.
    expect(new Set(direct.body.data.slice(0, 10).map((r: { spend: string }) => r.spend)).size).toBeGreaterThan(1);
  });

  it("a system user's token never expires, reaches its business's ad accounts and reads as itself on /me", async () => {
    const s = metaSandbox();
    const token = await systemToken(s, { system_user_id: "61550000000000002", scopes: ["ads_read"] });
    const dbg = await graph(s, "GET", "/debug_token", appToken, { input_token: token });
    expect(dbg.body.data).toMatchObject({ is_valid: true, expires_at: 0, scopes: ["ads_read"], user_id: "61550000000000002" });
    const accounts = await graph(s, "GET", "/me/adaccounts", token, { limit: "100" });
    expect(accounts.body.data).toHaveLength(10);
    expect((await graph(s, "GET", "/me", token, { fields: "id,name" })).body.name).toContain("Northwind");
  });

  it("a Graph batch reads several accounts' insights in one request", async () => {
    const s = metaSandbox();
    const token = await systemToken(s, { system_user_id: "61550000000000002" });
    const batch = ["act_910000000000001", "act_910000000000002"].map((a) => ({ method: "GET", relative_url: `v24.0/${a}/insights?fields=spend&date_preset=last_7d` }));
    const res = await call(s, "POST", "/graph.facebook.com/", { access_token: token, batch: JSON.stringify(batch), include_headers: "false" });
    expect(res.body).toHaveLength(2);
    expect(JSON.parse(res.body[1].body).data[0].account_id).toBe("910000000000002");
  });
});
