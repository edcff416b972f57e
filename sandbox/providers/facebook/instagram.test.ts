import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMediaServer, UNREACHABLE, type MediaServer } from "../../core/test-media-server";
import { advance, call, fbLogin, graph, metaSandbox } from "../meta/test-helpers";

const MAYA = "10160938475610293";
const IG = "17841400000000101";
const SCOPES = ["pages_show_list", "instagram_basic", "instagram_content_publish"];

async function pageToken(s: ReturnType<typeof metaSandbox>, scopes = SCOPES): Promise<string> {
  const user = await fbLogin(s, MAYA, scopes, { longLived: true });
  return (await graph(s, "GET", "/me/accounts", user, { fields: "access_token" })).body.data[0].access_token;
}

let media: MediaServer;
beforeAll(async () => {
  media = await startMediaServer();
});
afterAll(() => media.close());

/** Creates a container for `imageUrl` and reads its status once processing time has passed on the sandbox clock. */
async function processed(s: ReturnType<typeof metaSandbox>, token: string, imageUrl: string) {
  const created = await graph(s, "POST", `/${IG}/media`, token, { image_url: imageUrl, caption: "x" });
  expect(created.status).toBe(200);
  const id = created.body.id as string;
  expect((await graph(s, "GET", `/${id}`, token, { fields: "status_code" })).body.status_code).toBe("IN_PROGRESS");
  await advance(s, 5_000);
  const status = (await graph(s, "GET", `/${id}`, token, { fields: "status_code,status" })).body;
  return { id, status, publish: () => graph(s, "POST", `/${IG}/media_publish`, token, { creation_id: id }) };
}

describe("Instagram publishing through Facebook Login", () => {
  it("downloads image_url: an HTML page, a 404 or an unreachable host leave the container in ERROR, and it cannot be published", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    for (const url of [`${media.url}/media/page.jpg`, `${media.url}/media/missing.jpg`, UNREACHABLE]) {
      const c = await processed(s, token, url);
      expect(c.status).toEqual({ status_code: "ERROR", status: "Error: Media download has failed. The media URI doesn't meet our requirements.", id: c.id });
      const res = await c.publish();
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 9004, error_subcode: 2207052 });
    }
    expect(media.hits).toEqual(expect.arrayContaining(["/media/page.jpg", "/media/missing.jpg"]));
    expect((await call(s, "GET", "/__sandbox/posts", { platform: "instagram" })).body.data).toEqual([]);
  });

  it("accepts only JPEG, judged by the bytes: a PNG named .jpg and a GIF fail, a JPEG without an extension publishes", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    for (const url of [`${media.url}/media/fake.jpg`, `${media.url}/media/anim.gif`]) {
      const c = await processed(s, token, url);
      expect(c.status).toMatchObject({ status_code: "ERROR", status: "Error: The image format is not supported. Supported formats are: JPEG." });
      expect((await c.publish()).body.error).toMatchObject({ code: 36001, error_subcode: 2207005, error_user_title: "Unsupported image format" });
    }
    const jpeg = await processed(s, token, `${media.url}/media/photo`);
    expect(jpeg.status.status_code).toBe("FINISHED");
    expect((await jpeg.publish()).body.id).toMatch(/^\d{17}$/);
  });

  it("refuses an aspect ratio outside 4:5 to 1.91:1 and an image over 8 MiB", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    for (const name of ["wide.jpg", "tall.jpg"]) {
      const c = await processed(s, token, `${media.url}/media/${name}`);
      expect(c.status.status_code).toBe("ERROR");
      expect((await c.publish()).body.error).toMatchObject({ code: 36003, error_subcode: 2207009 });
    }
    const huge = await processed(s, token, `${media.url}/media/huge.jpg`);
    expect(huge.status.status).toBe("Error: The image is too large to download. It should be less than 8 MiB.");
    expect((await huge.publish()).body.error).toMatchObject({ code: 36000, error_subcode: 2207004 });
  });

  it("rejects a missing or malformed image_url at once", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    const missing = await graph(s, "POST", `/${IG}/media`, token, { caption: "no image" });
    expect(missing.body.error).toMatchObject({ code: 100, message: "(#100) The parameter image_url is required." });
    const malformed = await graph(s, "POST", `/${IG}/media`, token, { image_url: "ftp://cdn.example.com/a.jpg" });
    expect(malformed.body.error).toMatchObject({ code: 100, error_subcode: 2207052 });
  });

  it("a carousel cannot include an item whose download failed", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    const item = (url: string) => graph(s, "POST", `/${IG}/media`, token, { image_url: url, is_carousel_item: "true" });
    const good = (await item(`${media.url}/media/photo.jpg`)).body.id as string;
    const bad = (await item(`${media.url}/media/page.jpg`)).body.id as string;
    await advance(s, 5_000);
    const carousel = await graph(s, "POST", `/${IG}/media`, token, { media_type: "CAROUSEL", children: `${good},${bad}`, caption: "two" });
    expect(carousel.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    const good2 = (await item(`${media.url}/media/photo`)).body.id as string;
    await advance(s, 5_000);
    expect((await graph(s, "POST", `/${IG}/media`, token, { media_type: "CAROUSEL", children: `${good},${good2}`, caption: "two" })).body.id).toBeTruthy();
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
