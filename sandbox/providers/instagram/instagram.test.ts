import { describe, expect, it } from "vitest";
import { INSTAGRAM_APP } from "../../core/apps";
import { advance, BASE, call, codeFrom, consent, IG_REDIRECT, igLogin, metaSandbox } from "../meta/test-helpers";

const AVA = "17841450000000011";
const KENJI = "17841450000000022";
const AUTH = "/www.instagram.com/oauth/authorize";
const q = (scope = "instagram_business_basic,instagram_business_content_publish") => ({ client_id: INSTAGRAM_APP.clientId, redirect_uri: IG_REDIRECT, response_type: "code", scope, state: "s1" });
const exchange = (s: ReturnType<typeof metaSandbox>, code: string) =>
  call(s, "POST", "/api.instagram.com/oauth/access_token", { client_id: INSTAGRAM_APP.clientId, client_secret: INSTAGRAM_APP.clientSecret, grant_type: "authorization_code", redirect_uri: IG_REDIRECT, code });
const ig = (s: ReturnType<typeof metaSandbox>, method: string, path: string, token: string, params: Record<string, string> = {}) =>
  call(s, method, `/graph.instagram.com${path}`, { ...params, access_token: token });

describe("Instagram Login", () => {
  it("redirects with a code ending in #_ and answers the documented {data:[…]} shape", async () => {
    const s = metaSandbox();
    const { location } = await consent(s, AUTH, q(), { user: AVA });
    expect(location).toMatch(/#_$/);
    const res = await exchange(s, codeFrom(location));
    expect(res.body.data[0]).toMatchObject({ user_id: "8123456789012345", permissions: "instagram_business_basic,instagram_business_content_publish" });
    expect(res.body.data[0].access_token).toMatch(/^IGAA/);
  });

  it("answers the flat shape for the account whose fixture says so, or when the knob says so", async () => {
    const s = metaSandbox();
    const kenji = await igLogin(s, KENJI);
    expect(kenji.body).toMatchObject({ user_id: 8234567890123456, permissions: expect.any(Array) });
    await call(s, "POST", "/__sandbox/instagram/token-shape", {}, { body: JSON.stringify({ shape: "flat" }), headers: { "content-type": "application/json" } });
    expect((await igLogin(s, AVA)).body.access_token).toBeTruthy();
  });

  it("a replayed code fails with Instagram's error shape", async () => {
    const s = metaSandbox();
    const code = codeFrom((await consent(s, AUTH, q(), { user: AVA })).location);
    await exchange(s, code);
    const again = await exchange(s, code);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error_type: "OAuthException", code: 400, error_message: "Matching code was not found or was already used" });
  });

  it("rejects the retired business_* scope names on the dialog", async () => {
    const s = metaSandbox();
    const res = await s.handle(new Request(`http://sandbox.test${AUTH}?${new URLSearchParams(q("business_basic,business_content_publish"))}`));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Invalid Scopes");
  });

  it("Cancel redirects with access_denied", async () => {
    const s = metaSandbox();
    const { location } = await consent(s, AUTH, q(), { user: AVA, decision: "cancel" });
    expect(new URL(location!).searchParams.get("error_reason")).toBe("user_denied");
  });

  it("long-lived exchange, then refresh only once the token is 24 hours old", async () => {
    const s = metaSandbox();
    const { token } = await igLogin(s, AVA);
    expect((await ig(s, "GET", "/refresh_access_token", token, { grant_type: "ig_refresh_token" })).body.error.code).toBe(100);
    const long = await ig(s, "GET", "/access_token", token, { grant_type: "ig_exchange_token", client_secret: INSTAGRAM_APP.clientSecret });
    expect(long.body).toMatchObject({ token_type: "bearer", expires_in: 5184000 });
    const young = await ig(s, "GET", "/refresh_access_token", long.body.access_token, { grant_type: "ig_refresh_token" });
    expect(young.status).toBe(400);
    expect(young.body.error.message).toContain("24 hours");
    await advance(s, 24 * 3_600_000 + 1000);
    const refreshed = await ig(s, "GET", "/refresh_access_token", long.body.access_token, { grant_type: "ig_refresh_token" });
    expect(refreshed.body).toMatchObject({ token_type: "bearer", expires_in: 5184000 });
    await advance(s, 61 * 86_400_000);
    expect((await ig(s, "GET", "/refresh_access_token", refreshed.body.access_token, { grant_type: "ig_refresh_token" })).body.error.code).toBe(190);
  });

  it("me returns the professional account id as user_id", async () => {
    const s = metaSandbox();
    const { token } = await igLogin(s, AVA);
    const me = await ig(s, "GET", "/v24.0/me", token, { fields: "user_id,username,name,account_type,profile_picture_url,followers_count,media_count" });
    expect(me.body).toMatchObject({ id: "8123456789012345", user_id: AVA, username: "ava.bakes", account_type: "BUSINESS" });
    expect((await ig(s, "GET", "/me", token, { fields: "username" })).body.username).toBe("ava.bakes");
  });

  it("publishes a JPEG through a container (downloaded, not trusted), refuses a PNG with the container in ERROR", async () => {
    const s = metaSandbox();
    const { token } = await igLogin(s, AVA);
    const png = await ig(s, "POST", `/v24.0/${AVA}/media`, token, { image_url: `${BASE}/__sandbox/media/x.png` });
    const c = await ig(s, "POST", `/v24.0/${AVA}/media`, token, { image_url: `${BASE}/__sandbox/media/x.jpeg`, caption: "Hello" });
    await advance(s, 5000);
    expect((await ig(s, "GET", `/v24.0/${png.body.id}`, token, { fields: "status_code,status" })).body).toMatchObject({ status_code: "ERROR", status: expect.stringMatching(/^Error: The image format is not supported/) });
    expect((await ig(s, "POST", `/v24.0/${AVA}/media_publish`, token, { creation_id: png.body.id })).body.error).toMatchObject({ code: 36001, error_subcode: 2207005 });
    const p = await ig(s, "POST", `/v24.0/${AVA}/media_publish`, token, { creation_id: c.body.id });
    expect(p.body.id).toBeTruthy();
    expect((await call(s, "GET", "/__sandbox/posts", { platform: "instagram" })).body.data).toMatchObject([{ target: AVA, text: "Hello" }]);
  });

  it("DMs need the account subscription to receive and the 24-hour window to reply", async () => {
    const s = metaSandbox();
    const { token } = await igLogin(s, AVA);
    expect((await ig(s, "POST", `/v24.0/${AVA}/subscribed_apps`, token, { subscribed_fields: "messages" })).body).toEqual({ success: true });
    const report = await call(s, "POST", "/__sandbox/webhooks/meta", {}, { body: JSON.stringify({ object: "instagram", igId: AVA, senderId: "5400000000000009", text: "hi" }), headers: { "content-type": "application/json" } });
    expect(report.body).toMatchObject({ delivered: false });
    expect(report.body.reason).toContain("app-level");
    const send = await call(s, "POST", `/graph.instagram.com/v24.0/${AVA}/messages`, {}, {
      body: JSON.stringify({ recipient: { id: "5400000000000009" }, message: { text: "Hello!" } }),
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    });
    expect(send.body).toMatchObject({ recipient_id: "5400000000000009" });
  });
});
