import { describe, expect, it } from "vitest";
import { call, fbLogin, graph, metaSandbox } from "../meta/test-helpers";

const GRACE = "10163847561029384";
const DANIEL = "10156574839201847";
const BUSINESS = "1938475610293847";

describe("Marketing API", () => {
  it("me/adaccounts needs ads_read or ads_management and lists personal and business ad accounts", async () => {
    const s = metaSandbox();
    const none = await fbLogin(s, GRACE, ["pages_show_list"]);
    expect((await graph(s, "GET", "/me/adaccounts", none)).body.error.code).toBe(10);
    const token = await fbLogin(s, GRACE, ["ads_read", "business_management"]);
    const res = await graph(s, "GET", "/me/adaccounts", token, { fields: "id,account_id,name,currency,account_status" });
    expect(res.body.data.map((a: { id: string }) => a.id)).toEqual(["act_561029384756102", "act_193847561029384", "act_193847561029385"]);
    expect(res.body.data[0]).toMatchObject({ account_id: "561029384756102", currency: "GBP", account_status: 1 });
    const daniel = await fbLogin(s, DANIEL, ["ads_management"]);
    expect((await graph(s, "GET", "/me/adaccounts", daniel, { fields: "account_status" })).body.data.map((a: { account_status: number }) => a.account_status)).toEqual([1, 2]);
  });

  it("only the ad accounts ticked in the dialog are shared", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["ads_read"], { assets: { ad_account_ids: ["act_193847561029384"] } });
    expect((await graph(s, "GET", "/me/adaccounts", token)).body.data).toEqual([{ account_id: "193847561029384", id: "act_193847561029384" }]);
    expect((await graph(s, "GET", "/act_561029384756102/campaigns", token)).body.error.error_subcode).toBe(33);
  });

  it("businesses list owned and shared Instagram accounts", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["business_management", "instagram_basic"]);
    expect((await graph(s, "GET", "/me/businesses", token)).body.data).toEqual([{ id: BUSINESS, name: "Okafor Home Goods Ltd" }]);
    const owned = await graph(s, "GET", `/${BUSINESS}/owned_instagram_accounts`, token, { fields: "id,username" });
    expect(owned.body.data.map((a: { username: string }) => a.username)).toEqual(["okaforhome", "okaforhome.studio"]);
    const all = await graph(s, "GET", `/${BUSINESS}/instagram_accounts`, token, { fields: "username" });
    expect(all.body.data).toHaveLength(3);
    const without = await fbLogin(s, GRACE, ["instagram_basic"]);
    expect((await graph(s, "GET", "/me/businesses", without)).body.error.code).toBe(10);
  });

  it("a business lists only the Instagram accounts ticked in the dialog", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["business_management", "instagram_basic"], { assets: { business_ids: [BUSINESS], ig_ids: ["17841400000000504"] } });
    expect((await graph(s, "GET", `/${BUSINESS}/owned_instagram_accounts`, token, { fields: "username" })).body.data).toEqual([]);
    expect((await graph(s, "GET", `/${BUSINESS}/instagram_accounts`, token, { fields: "username" })).body.data.map((a: { username: string }) => a.username)).toEqual(["adaeze.ceramics"]);
  });

  it("campaigns, ad sets, ads and insights by level with paging", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["ads_read"]);
    const act = "act_193847561029384";
    const campaigns = await graph(s, "GET", `/${act}/campaigns`, token, { fields: "id,name,status,objective" });
    expect(campaigns.body.data).toHaveLength(3);
    expect((await graph(s, "GET", `/${act}/adsets`, token)).body.data).toHaveLength(6);
    expect((await graph(s, "GET", `/${act}/ads`, token, { limit: "5" })).body.paging.next).toBeTruthy();
    const insights = await graph(s, "GET", `/${act}/insights`, token, { level: "campaign", fields: "campaign_id,campaign_name,impressions,spend", date_preset: "last_7d" });
    expect(insights.body.data).toHaveLength(3);
    expect(insights.body.data[0]).toMatchObject({ account_id: "193847561029384", campaign_name: "Spring Collection", date_start: expect.any(String), date_stop: expect.any(String) });
    const again = await graph(s, "GET", `/${act}/insights`, token, { level: "campaign", fields: "impressions", date_preset: "last_7d" });
    expect(again.body.data[0].impressions).toBe(insights.body.data[0].impressions);
    const daily = await graph(s, "GET", `/${act}/insights`, token, { fields: "spend", time_range: JSON.stringify({ since: "2025-03-01", until: "2025-03-03" }), time_increment: "1" });
    expect(daily.body.data.map((r: { date_start: string }) => r.date_start)).toEqual(["2025-03-01", "2025-03-02", "2025-03-03"]);
    expect((await graph(s, "GET", `/${act}/insights`, token, { date_preset: "last_week_ever" })).body.error.code).toBe(100);
  });
});

describe("Meta knobs", () => {
  it("rate limiting after N answers Meta's throttling error with usage headers", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["pages_show_list"]);
    await call(s, "POST", "/__sandbox/knobs", {}, { body: JSON.stringify({ rateLimitAfter: 1 }), headers: { "content-type": "application/json" } });
    expect((await graph(s, "GET", "/me", token)).status).toBe(200);
    const limited = await graph(s, "GET", "/me", token);
    expect(limited.body.error).toMatchObject({ code: 4, is_transient: true });
    expect(JSON.parse(limited.headers.get("x-app-usage")!)).toMatchObject({ call_count: 100 });
    const pageLimited = await graph(s, "GET", "/me/accounts", token);
    expect(pageLimited.status).toBe(200);
    const pageLimited2 = await graph(s, "GET", "/me/accounts", token);
    expect(pageLimited2.body.error.code).toBe(32);
    expect(pageLimited2.headers.get("x-business-use-case-usage")).toContain("estimated_time_to_regain_access");
  });

  it("while a rate limit counts, successful answers carry the usage so far: X-App-Usage for app calls, the business use case for Page calls", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["pages_show_list"]);
    await call(s, "POST", "/__sandbox/knobs", {}, { body: JSON.stringify({ rateLimitAfter: 4 }), headers: { "content-type": "application/json" } });
    const first = await graph(s, "GET", "/me", token);
    expect(JSON.parse(first.headers.get("x-app-usage")!)).toMatchObject({ call_count: 25 });
    expect(first.headers.get("x-business-use-case-usage")).toBeNull();
    await graph(s, "GET", "/me", token);
    await graph(s, "GET", "/me", token);
    // The fourth call is still answered, at 100 %: the next one is throttled.
    expect(JSON.parse((await graph(s, "GET", "/me", token)).headers.get("x-app-usage")!)).toMatchObject({ call_count: 100 });
    const pages = await graph(s, "GET", "/me/accounts", token);
    expect(pages.status).toBe(200);
    const [entry] = Object.values(JSON.parse(pages.headers.get("x-business-use-case-usage")!) as Record<string, unknown[]>)[0]!;
    expect(entry).toMatchObject({ type: "pages", call_count: 25, estimated_time_to_regain_access: 0 });
  });

  it("a failure rate of 1 answers Meta's transient 5xx", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["pages_show_list"]);
    const res = await graph(s, "GET", "/me", token);
    expect(res.status).toBe(200);
    const failed = await call(s, "GET", "/graph.facebook.com/v24.0/me", { access_token: token }, { headers: { "x-sandbox-failure-rate": "1" } });
    expect(failed.status).toBe(500);
    expect(failed.body.error).toMatchObject({ code: 2, is_transient: true });
  });

  it("stats count requests per route label", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, GRACE, ["pages_show_list"]);
    await graph(s, "GET", "/me/accounts", token);
    const stats = await call(s, "GET", "/__sandbox/stats");
    expect(stats.body.counts["graph.facebook.com GET /me/accounts"]).toBe(1);
    expect(stats.body.counts["graph.facebook.com GET /oauth/access_token"]).toBe(1);
  });
});
