import { describe, expect, it } from "vitest";
import { advance, call, fbLogin, graph, metaSandbox } from "../meta/test-helpers";

const MAYA = "10160938475610293";
const IG = "17841400000000101";
const SCOPES = ["pages_show_list", "instagram_basic", "instagram_content_publish"];

async function pageToken(s: ReturnType<typeof metaSandbox>, scopes = SCOPES): Promise<string> {
  const user = await fbLogin(s, MAYA, scopes, { longLived: true });
  return (await graph(s, "GET", "/me/accounts", user, { fields: "access_token" })).body.data[0].access_token;
}

describe("Instagram publishing through Facebook Login", () => {
  it("rejects a PNG and a missing image", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    const png = await graph(s, "POST", `/${IG}/media`, token, { image_url: "https://cdn.example.com/photo.png", caption: "x" });
    expect(png.status).toBe(400);
    expect(png.body.error).toMatchObject({ code: 9004, error_user_title: "Unsupported image format" });
    const missing = await graph(s, "POST", `/${IG}/media`, token, { caption: "no image" });
    expect(missing.body.error).toMatchObject({ code: 100, message: "(#100) The parameter image_url is required." });
  });

  it("rejects a caption over 2,200 characters", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    const res = await graph(s, "POST", `/${IG}/media`, token, { image_url: "https://cdn.example.com/a.jpg", caption: "a".repeat(2201) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(100);
  });

  it("a container is IN_PROGRESS, then FINISHED; publishing before that fails, after it succeeds and counts in the quota", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    const container = await graph(s, "POST", `/${IG}/media`, token, { image_url: "http://sandbox.test/__sandbox/media/bread.jpg", caption: "Morning bake #sourdough" });
    const id = container.body.id as string;
    expect((await graph(s, "GET", `/${id}`, token, { fields: "status_code" })).body).toEqual({ status_code: "IN_PROGRESS", id });
    const early = await graph(s, "POST", `/${IG}/media_publish`, token, { creation_id: id });
    expect(early.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    await advance(s, 5_000);
    expect((await graph(s, "GET", `/${id}`, token, { fields: "status_code" })).body.status_code).toBe("FINISHED");
    const published = await graph(s, "POST", `/${IG}/media_publish`, token, { creation_id: id });
    expect(published.body.id).toMatch(/^\d{17}$/);
    expect((await graph(s, "GET", `/${id}`, token, { fields: "status_code" })).body.status_code).toBe("PUBLISHED");
    const limit = await graph(s, "GET", `/${IG}/content_publishing_limit`, token, { fields: "quota_usage,config" });
    expect(limit.body.data[0]).toEqual({ quota_usage: 1, config: { quota_total: 100, quota_duration: 86400 } });
    const posts = (await call(s, "GET", "/__sandbox/posts", { platform: "instagram" })).body.data;
    expect(posts).toMatchObject([{ target: IG, text: "Morning bake #sourdough", media: ["http://sandbox.test/__sandbox/media/bread.jpg"] }]);
    const media = await graph(s, "GET", `/${published.body.id}`, token, { fields: "permalink,caption" });
    expect(media.body.permalink).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
  });

  it("needs instagram_content_publish", async () => {
    const s = metaSandbox();
    const token = await pageToken(s, ["pages_show_list", "instagram_basic"]);
    const res = await graph(s, "POST", `/${IG}/media`, token, { image_url: "https://cdn.example.com/a.jpg" });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain("instagram_content_publish");
  });

  it("another user's Instagram account is not reachable", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    const res = await graph(s, "POST", "/17841400000000201/media", token, { image_url: "https://cdn.example.com/a.jpg" });
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});
