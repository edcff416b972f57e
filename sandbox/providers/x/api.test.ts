import { beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../core/server";
import { SAMPLE_JPEG } from "../../core/media";
import { X_USERS } from "./fixtures";
import { api, connect, newSandbox, SANDBOX } from "./test-helpers";

const [ada, mateo, hana] = X_USERS;
let sandbox: Sandbox;
beforeEach(() => {
  sandbox = newSandbox();
});

async function uploadMedia(token: string, bytes: Buffer = SAMPLE_JPEG) {
  const fd = new FormData();
  fd.set("media", new Blob([new Uint8Array(bytes)], { type: "image/jpeg" }), "photo.jpg");
  fd.set("media_category", "tweet_image");
  const res = await sandbox.handle(new Request(`${SANDBOX}/api.x.com/2/media/upload`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: fd }));
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe("X API v2", () => {
  it("users/me returns id, name, username and an avatar on X's picture CDN (served by the sandbox)", async () => {
    const t = await connect(sandbox, ada!.id);
    const r = await api(sandbox, "GET", "/2/users/me?user.fields=profile_image_url,username,name", t.access_token);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ id: ada!.id, name: "Ada Okafor", username: "adaokafor", profile_image_url: expect.stringMatching(/^https:\/\/pbs\.twimg\.com\/profile_images\/.+_normal\.png/) });
  });

  it("a successful post returns 201 {data:{id,text}} and appears in /__sandbox/posts", async () => {
    const t = await connect(sandbox, ada!.id);
    const r = await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "Hello from the sandbox https://example.com/launch" });
    expect(r.status).toBe(201);
    expect(r.body.data.id).toMatch(/^\d{19}$/);
    expect(r.body.data.text).toMatch(/^Hello from the sandbox https:\/\/t\.co\/\S{10}$/);
    expect(r.headers.get("x-rate-limit-remaining")).toBe("16");
    const posts = (await (await sandbox.handle(new Request(`${SANDBOX}/__sandbox/posts?platform=x`))).json()) as { data: any[] };
    expect(posts.data).toMatchObject([{ platform: "x", target: "@adaokafor", id: r.body.data.id, text: "Hello from the sandbox https://example.com/launch" }]);
  });

  it("the 18th post in 24 h gets 429 with x-rate-limit headers, failed posts included", async () => {
    const t = await connect(sandbox, ada!.id);
    for (let i = 0; i < 16; i++) expect((await api(sandbox, "POST", "/2/tweets", t.access_token, { text: `post ${i}` })).status).toBe(201);
    // A failed request (duplicate) still uses one of the 17.
    expect((await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "post 0" })).status).toBe(403);
    const r = await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "one too many" });
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({ title: "Too Many Requests", status: 429 });
    expect(r.headers.get("x-rate-limit-limit")).toBe("17");
    expect(r.headers.get("x-rate-limit-remaining")).toBe("0");
    expect(Number(r.headers.get("x-rate-limit-reset"))).toBeGreaterThan(sandbox.context.clock.now() / 1000);
    sandbox.context.clock.advance(24 * 3600_000);
    const fresh = await connect(sandbox, ada!.id);
    expect((await api(sandbox, "POST", "/2/tweets", fresh.access_token, { text: "a new day" })).status).toBe(201);
  });

  it("the near-limit account has one post left", async () => {
    const t = await connect(sandbox, mateo!.id);
    const ok = await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "last one today" });
    expect(ok.status).toBe(201);
    expect(ok.headers.get("x-rate-limit-remaining")).toBe("0");
    expect((await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "over" })).status).toBe(429);
  });

  it("duplicate content gets 403", async () => {
    const t = await connect(sandbox, hana!.id);
    const r = await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "おはようございます！" });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ title: "Forbidden", detail: "You are not allowed to create a Tweet with duplicate content.", type: "about:blank", status: 403 });
  });

  it("counts CJK as 2: 140 kanji post, 141 do not", async () => {
    const t = await connect(sandbox, hana!.id);
    expect((await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "字".repeat(140) })).status).toBe(201);
    const long = await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "字".repeat(141) });
    // X's answer to a too-long post: 400 invalid-request, the reason in errors[].message.
    expect(long.status).toBe(400);
    expect(long.body).toEqual({
      errors: [{ parameters: {}, message: "Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text." }],
      title: "Invalid Request",
      detail: "One or more parameters to your request was invalid.",
      type: "https://api.twitter.com/2/problems/invalid-request",
      status: 400,
    });
  });

  it("posting needs tweet.write, uploading needs media.write", async () => {
    const t = await connect(sandbox, ada!.id, "tweet.read users.read");
    const post = await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "hi" });
    expect(post.status).toBe(403);
    expect((await uploadMedia(t.access_token)).status).toBe(403);
  });

  it("requires a JSON body and text or media", async () => {
    const t = await connect(sandbox, ada!.id);
    const form = await sandbox.handle(
      new Request(`${SANDBOX}/api.x.com/2/tweets`, { method: "POST", headers: { authorization: `Bearer ${t.access_token}`, "content-type": "application/x-www-form-urlencoded" }, body: "text=hi" }),
    );
    expect(form.status).toBe(400);
    expect((await api(sandbox, "POST", "/2/tweets", t.access_token, {})).body.title).toBe("Invalid Request");
  });

  it("uploads an image and posts with its media id; unknown media ids are rejected", async () => {
    const t = await connect(sandbox, ada!.id);
    const up = await uploadMedia(t.access_token);
    expect(up.status).toBe(200);
    expect(up.body.data).toMatchObject({ id: expect.any(String), media_key: `3_${up.body.data.id}`, image: { image_type: "image/jpeg", w: 16, h: 16 } });
    const post = await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "with a photo", media: { media_ids: [up.body.data.id] } });
    expect(post.status).toBe(201);
    const bad = await api(sandbox, "POST", "/2/tweets", t.access_token, { text: "bad media", media: { media_ids: ["123"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toBe("Your media IDs are invalid.");
  });

  it("api.twitter.com is an alias of api.x.com", async () => {
    const t = await connect(sandbox, ada!.id);
    const res = await sandbox.handle(new Request(`${SANDBOX}/api.twitter.com/2/users/me`, { headers: { authorization: `Bearer ${t.access_token}` } }));
    expect(res.status).toBe(200);
  });
});
