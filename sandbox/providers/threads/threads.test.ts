import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THREADS_APP } from "../../core/apps";
import { startMediaServer, UNREACHABLE, type MediaServer } from "../../core/test-media-server";
import { advance, call, codeFrom, consent, metaSandbox, TH_REDIRECT, threadsLogin } from "../meta/test-helpers";

const AVA = "26728394857610293";
const th = (s: ReturnType<typeof metaSandbox>, method: string, path: string, token: string, params: Record<string, string> = {}) =>
  call(s, method, `/graph.threads.net${path}`, { ...params, access_token: token });

let media: MediaServer;
beforeAll(async () => {
  media = await startMediaServer();
});
afterAll(() => media.close());

describe("Threads", () => {
  it("code exchange answers {access_token, user_id}; a replayed code fails", async () => {
    const s = metaSandbox();
    const q = { client_id: THREADS_APP.clientId, redirect_uri: TH_REDIRECT, response_type: "code", scope: "threads_basic,threads_content_publish", state: "s" };
    const code = codeFrom((await consent(s, "/threads.net/oauth/authorize", q, { user: AVA })).location);
    const form = { client_id: THREADS_APP.clientId, client_secret: THREADS_APP.clientSecret, grant_type: "authorization_code", redirect_uri: TH_REDIRECT, code };
    const res = await call(s, "POST", "/graph.threads.net/oauth/access_token", form);
    expect(res.body).toMatchObject({ user_id: AVA });
    expect((await call(s, "POST", "/graph.threads.net/oauth/access_token", form)).body.error.code).toBe(100);
  });

  it("text over 500 characters fails; a text post publishes once its container is FINISHED", async () => {
    const s = metaSandbox();
    const token = await threadsLogin(s, AVA);
    const long = await th(s, "POST", `/v1.0/${AVA}/threads`, token, { media_type: "TEXT", text: "a".repeat(501) });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 100, type: "THApiException" });
    const c = await th(s, "POST", "/v1.0/me/threads", token, { media_type: "TEXT", text: "a".repeat(500) });
    expect((await th(s, "GET", `/v1.0/${c.body.id}`, token, { fields: "status,error_message" })).body.status).toBe("IN_PROGRESS");
    expect((await th(s, "POST", `/v1.0/${AVA}/threads_publish`, token, { creation_id: c.body.id })).status).toBe(400);
    await advance(s, 5000);
    const p = await th(s, "POST", `/v1.0/${AVA}/threads_publish`, token, { creation_id: c.body.id });
    expect(p.body.id).toBeTruthy();
    expect((await th(s, "GET", `/v1.0/${AVA}/threads_publishing_limit`, token, { fields: "quota_usage,config" })).body.data[0]).toEqual({ quota_usage: 1, config: { quota_total: 250, quota_duration: 86400 } });
    expect((await call(s, "GET", "/__sandbox/posts", { platform: "threads" })).body.data).toHaveLength(1);
  });

  it("profile, long-lived exchange and refresh (≥ 24 h old)", async () => {
    const s = metaSandbox();
    const token = await threadsLogin(s, AVA);
    const me = await th(s, "GET", "/v1.0/me", token, { fields: "id,username,name,threads_profile_picture_url" });
    expect(me.body).toMatchObject({ id: AVA, username: "ava.bakes" });
    const long = await th(s, "GET", "/access_token", token, { grant_type: "th_exchange_token", client_secret: THREADS_APP.clientSecret });
    expect(long.body.expires_in).toBe(5184000);
    expect((await th(s, "GET", "/refresh_access_token", long.body.access_token, { grant_type: "th_refresh_token" })).status).toBe(400);
    await advance(s, 25 * 3_600_000);
    expect((await th(s, "GET", "/refresh_access_token", long.body.access_token, { grant_type: "th_refresh_token" })).body.access_token).toBeTruthy();
    expect((await th(s, "GET", "/v1.0/me", token)).body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it("media_type is required (no default to TEXT)", async () => {
    const s = metaSandbox();
    const token = await threadsLogin(s, AVA);
    const res = await th(s, "POST", `/v1.0/${AVA}/threads`, token, { text: "hello" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 100, type: "THApiException", message: "The parameter media_type is required." });
    expect((await th(s, "POST", `/v1.0/${AVA}/threads`, token, { media_type: "text", text: "hello" })).body.id).toBeTruthy();
  });

  it("counts an emoji by its UTF-8 bytes toward the 500 limit, other characters as one", async () => {
    const s = metaSandbox();
    const token = await threadsLogin(s, AVA);
    const post = (text: string) => th(s, "POST", `/v1.0/${AVA}/threads`, token, { media_type: "TEXT", text });
    expect((await post("a".repeat(496) + "😀")).status).toBe(200); // 496 + 4 bytes = 500
    const over = await post("a".repeat(497) + "😀"); // 501
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 100, error_subcode: 4279001 });
    expect((await post("a".repeat(492) + "👍🏽")).status).toBe(200); // thumbs up + skin tone: 8 bytes
    expect((await post("a".repeat(493) + "👍🏽")).status).toBe(400);
    expect((await post("é".repeat(500))).status).toBe(200); // 2 UTF-8 bytes each, but not emoji: 500
    expect((await post("é".repeat(501))).status).toBe(400);
  });

  it("downloads image_url: a PNG without an extension publishes; an HTML page, a 404, an unreachable host or a GIF end in ERROR", async () => {
    const s = metaSandbox();
    const token = await threadsLogin(s, AVA);
    const image = (url: string) => th(s, "POST", `/v1.0/${AVA}/threads`, token, { media_type: "IMAGE", image_url: url, text: "crumb shot" });
    const png = (await image(`${media.url}/media/picture`)).body.id as string;
    const jpeg = (await image(`${media.url}/media/photo`)).body.id as string;
    const bad = [];
    for (const url of [`${media.url}/media/page.jpg`, `${media.url}/media/missing.jpg`, UNREACHABLE, `${media.url}/media/anim.gif`]) bad.push((await image(url)).body.id as string);
    await advance(s, 5000);
    for (const id of [png, jpeg]) {
      expect((await th(s, "GET", `/v1.0/${id}`, token, { fields: "status,error_message" })).body).toEqual({ id, status: "FINISHED" });
      expect((await th(s, "POST", `/v1.0/${AVA}/threads_publish`, token, { creation_id: id })).body.id).toBeTruthy();
    }
    for (const id of bad) {
      expect((await th(s, "GET", `/v1.0/${id}`, token, { fields: "status,error_message" })).body).toEqual({ id, status: "ERROR", error_message: "UNKNOWN" });
      const res = await th(s, "POST", `/v1.0/${AVA}/threads_publish`, token, { creation_id: id });
      expect(res.status).toBe(400);
      expect(res.body.error.type).toBe("THApiException");
    }
    const posts = (await call(s, "GET", "/__sandbox/posts", { platform: "threads" })).body.data;
    expect(posts.map((p: { media: string[] }) => p.media[0])).toEqual([`${media.url}/media/picture`, `${media.url}/media/photo`]);
  });
});
