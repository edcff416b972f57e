import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_JPEG } from "../../core/media";
import { startMediaServer, UNREACHABLE, type MediaServer } from "../../core/test-media-server";
import { BASE, call, fbLogin, graph, metaSandbox, proof } from "../meta/test-helpers";

const MAYA = "10160938475610293";
const LUCAS = "10158273645019284";
const NOAH = "10162039485761029";
const PRIYA = "10159384756102937";
const TOMAS = "10157465839201746";

let media: MediaServer;
beforeAll(async () => {
  media = await startMediaServer();
});
afterAll(() => media.close());

describe("Pages", () => {
  it("paging returns every one of 60 Pages exactly once, default 25 per page, no next on the last", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, PRIYA, ["pages_show_list"], { longLived: true });
    const seen: string[] = [];
    let res = await graph(s, "GET", "/me/accounts", token, { fields: "id,name" });
    expect(res.body.data).toHaveLength(25);
    const sizes: number[] = [];
    for (;;) {
      sizes.push(res.body.data.length);
      seen.push(...res.body.data.map((p: { id: string }) => p.id));
      expect(res.body.paging.cursors.after).toBeTruthy();
      if (!res.body.paging.next) break;
      const next = new URL(res.body.paging.next as string);
      expect(next.origin).toBe("https://graph.facebook.com");
      res = await call(s, "GET", `/graph.facebook.com${next.pathname}?${next.searchParams}`);
    }
    expect(sizes).toEqual([25, 25, 10]);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });

  it("limit is capped at 100", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, PRIYA, ["pages_show_list"]);
    const res = await graph(s, "GET", "/me/accounts", token, { limit: "500" });
    expect(res.body.data).toHaveLength(60);
    expect(res.body.paging.next).toBeUndefined();
  });

  it("field expansion returns the linked Instagram account and the picture; a Page without Instagram has no field", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, LUCAS, ["pages_show_list", "instagram_basic"]);
    const res = await graph(s, "GET", "/me/accounts", token, { fields: "id,name,access_token,picture,instagram_business_account{id,username,profile_picture_url}" });
    const [coffee, tours, notes] = res.body.data;
    expect(coffee.instagram_business_account).toMatchObject({ id: "17841400000000201", username: "oliveira.coffee" });
    expect(coffee.instagram_business_account.profile_picture_url).toMatch(/^https:\/\/scontent\.cdninstagram\.com\//);
    expect(coffee.picture.data.url).toMatch(/^https:\/\/scontent\.xx\.fbcdn\.net\//);
    expect(tours.instagram_business_account.username).toBe("lisbonfoodtours");
    expect(notes.name).toBe("Oliveira Family Notes");
    expect(notes.instagram_business_account).toBeUndefined();
    const node = await graph(s, "GET", "/108273645019283", token, { fields: "instagram_business_account" });
    expect(node.body).toEqual({ instagram_business_account: { id: "17841400000000201" }, id: "108273645019283" });
  });

  it("sub-fields of picture apply to the wrapped image, as Graph does for picture{url}", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, LUCAS, ["pages_show_list"]);
    const res = await graph(s, "GET", "/me/accounts", token, { fields: "id,picture{url}" });
    const picture = res.body.data[0].picture;
    expect(Object.keys(picture)).toEqual(["data"]);
    expect(Object.keys(picture.data)).toEqual(["url"]);
    expect(picture.data.url).toMatch(/^https:\/\/scontent\.xx\.fbcdn\.net\//);
  });

  it("an unknown field answers Meta's #100", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, MAYA, ["pages_show_list"]);
    const res = await graph(s, "GET", "/me/accounts", token, { fields: "id,nope" });
    expect(res.body.error.message).toBe("(#100) Tried accessing nonexisting field (nope) on node type (Page)");
  });

  it("a user with no Pages gets an empty list", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, NOAH, ["pages_show_list"]);
    expect((await graph(s, "GET", "/me/accounts", token)).body).toEqual({ data: [] });
  });

  it("me/accounts needs pages_show_list", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, MAYA, ["public_profile"]);
    const res = await graph(s, "GET", "/me/accounts", token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe(10);
  });

  it("a business-owned Page is listed only with business_management", async () => {
    const s = metaSandbox();
    const without = await fbLogin(s, TOMAS, ["pages_show_list"]);
    expect((await graph(s, "GET", "/me/accounts", without)).body.data).toEqual([]);
    const withBm = await fbLogin(s, TOMAS, ["pages_show_list", "business_management"]);
    const res = await graph(s, "GET", "/me/accounts", withBm, { fields: "id,name" });
    expect(res.body.data).toEqual([{ id: "112938475610293", name: "Herrera Studio" }]);
  });

  it("Page tokens only for the user's own Pages, and only the Pages ticked in the dialog", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, LUCAS, ["pages_show_list"], { assets: { page_ids: ["108273645019283"] } });
    const list = await graph(s, "GET", "/me/accounts", token, { fields: "id,access_token" });
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual(["108273645019283"]);
    expect(list.body.data[0].access_token).toMatch(/^EAA/);
    // An unticked Page of his, and Maya's Page: not visible, no token.
    for (const other of ["109384756102938", "104857392016482"]) {
      const res = await graph(s, "GET", `/${other}`, token, { fields: "id,access_token" });
      expect(res.body.error).toMatchObject({ code: 100, error_subcode: 33 });
    }
  });

  it("publishing to the feed needs a Page token with pages_manage_posts, and the post arrives", async () => {
    const s = metaSandbox();
    const user = await fbLogin(s, MAYA, ["pages_show_list", "pages_read_engagement", "pages_manage_posts"], { longLived: true });
    expect((await graph(s, "POST", "/104857392016482/feed", user, { message: "hi" })).body.error.code).toBe(210);
    const pageToken = (await graph(s, "GET", "/me/accounts", user, { fields: "access_token" })).body.data[0].access_token;
    const res = await graph(s, "POST", "/104857392016482/feed", pageToken, { message: "Fresh sourdough at 8am", link: "https://example.com/menu" });
    expect(res.body.id).toMatch(/^104857392016482_\d+$/);
    const posts = await call(s, "GET", "/__sandbox/posts", { platform: "facebook" });
    expect(posts.body.data).toMatchObject([{ platform: "facebook", target: "104857392016482", id: res.body.id, text: "Fresh sourdough at 8am" }]);

    const photo = await graph(s, "POST", "/104857392016482/photos", pageToken, { url: `${BASE}/__sandbox/media/loaf.jpg`, published: "false" });
    const withPhoto = await graph(s, "POST", "/104857392016482/feed", pageToken, { message: "With photo", "attached_media[0]": JSON.stringify({ media_fbid: photo.body.id }) });
    expect(withPhoto.status).toBe(200);

    const noScope = await fbLogin(s, MAYA, ["pages_show_list"]);
    const weakPageToken = (await graph(s, "GET", "/me/accounts", noScope, { fields: "access_token" })).body.data[0].access_token;
    const denied = await graph(s, "POST", "/104857392016482/feed", weakPageToken, { message: "x" });
    expect(denied.body.error).toMatchObject({ code: 200, message: "(#200) Requires pages_manage_posts permission to manage the object" });
  });

  it("/photos with url= downloads it: anything but an image is (#324), over 4 MB is refused; an image without an extension is fine", async () => {
    const s = metaSandbox();
    const user = await fbLogin(s, MAYA, ["pages_show_list", "pages_read_engagement", "pages_manage_posts"], { longLived: true });
    const pageToken = (await graph(s, "GET", "/me/accounts", user, { fields: "access_token" })).body.data[0].access_token;
    const photo = (url: string) => graph(s, "POST", "/104857392016482/photos", pageToken, { url, caption: "Loaf" });
    for (const url of [`${media.url}/media/page.jpg`, `${media.url}/media/missing.jpg`, UNREACHABLE]) {
      const res = await photo(url);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 324, message: "(#324) Missing or invalid image file" });
    }
    expect((await photo(`${media.url}/media/huge.jpg`)).body.error).toMatchObject({ code: 100, error_subcode: 1366046 });
    expect(media.hits).toEqual(expect.arrayContaining(["/media/page.jpg", "/media/missing.jpg", "/media/huge.jpg"]));
    expect((await call(s, "GET", "/__sandbox/posts", { platform: "facebook" })).body.data).toEqual([]);

    const ok = await photo(`${media.url}/media/picture`);
    expect(ok.body).toMatchObject({ id: expect.any(String), post_id: expect.stringMatching(/^104857392016482_/) });
    expect((await call(s, "GET", "/__sandbox/posts", { platform: "facebook" })).body.data).toMatchObject([{ text: "Loaf", media: [`${media.url}/media/picture`] }]);

    // A multipart upload is judged by its bytes too.
    const upload = (bytes: Uint8Array<ArrayBuffer>, name: string) => {
      const fd = new FormData();
      fd.set("source", new Blob([bytes]), name);
      fd.set("access_token", pageToken);
      fd.set("appsecret_proof", proof(pageToken));
      return call(s, "POST", "/graph.facebook.com/v24.0/104857392016482/photos", {}, { body: fd });
    };
    expect((await upload(new TextEncoder().encode("<html></html>"), "x.jpg")).body.error).toMatchObject({ code: 324 });
    expect((await upload(new Uint8Array(SAMPLE_JPEG), "x.jpg")).body.id).toBeTruthy();
  });

  it("subscribed_apps needs pages_manage_metadata and round-trips the fields", async () => {
    const s = metaSandbox();
    const weak = await fbLogin(s, MAYA, ["pages_show_list"]);
    const weakPage = (await graph(s, "GET", "/me/accounts", weak, { fields: "access_token" })).body.data[0].access_token;
    expect((await graph(s, "POST", "/104857392016482/subscribed_apps", weakPage, { subscribed_fields: "messages" })).body.error.code).toBe(200);
    const user = await fbLogin(s, MAYA, ["pages_show_list", "pages_manage_metadata"]);
    const pageToken = (await graph(s, "GET", "/me/accounts", user, { fields: "access_token" })).body.data[0].access_token;
    expect((await graph(s, "POST", "/104857392016482/subscribed_apps", pageToken, { subscribed_fields: "messages,message_reads" })).body).toEqual({ success: true });
    const got = await graph(s, "GET", "/104857392016482/subscribed_apps", pageToken);
    expect(got.body.data[0]).toMatchObject({ id: "100000000000001", subscribed_fields: ["messages", "message_reads"] });
    expect((await graph(s, "DELETE", "/104857392016482/subscribed_apps", pageToken)).body).toEqual({ success: true });
    expect((await graph(s, "GET", "/104857392016482/subscribed_apps", pageToken)).body).toEqual({ data: [] });
  });

  it("batch runs up to 50 operations and resolves JSONPath references", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, LUCAS, ["pages_show_list"]);
    const batch = JSON.stringify([
      { method: "GET", name: "pages", relative_url: "me/accounts?fields=id&limit=2" },
      { method: "GET", relative_url: "?ids={result=pages:$.data.*.id}&fields=name" },
      { method: "GET", relative_url: "me?fields=name" },
    ]);
    const res = await call(s, "POST", "/graph.facebook.com", { batch, access_token: token });
    expect(res.status).toBe(200);
    expect(res.body[0]).toBeNull();
    expect(JSON.parse(res.body[1].body)).toEqual({
      "108273645019283": { name: "Oliveira Coffee Roasters", id: "108273645019283" },
      "109384756102938": { name: "Lisbon Street Food Tours", id: "109384756102938" },
    });
    expect(res.body[2].code).toBe(200);
    expect(JSON.parse(res.body[2].body)).toEqual({ name: "Lucas Oliveira", id: LUCAS });
    const tooMany = await call(s, "POST", "/graph.facebook.com", { batch: JSON.stringify(Array(51).fill({ method: "GET", relative_url: "me" })), access_token: token });
    expect(tooMany.body.error.code).toBe(100);
  });

  it("a batch is one HTTP request: its parts add no stats entry of their own", async () => {
    const s = metaSandbox();
    const fresh = await fbLogin(s, LUCAS, ["pages_show_list"]);
    const before = ((await (await s.handle(new Request("http://sandbox.test/__sandbox/stats"))).json()) as { counts: Record<string, number> }).counts;
    const batch = JSON.stringify([
      { method: "GET", relative_url: "me/permissions" },
      { method: "GET", relative_url: "me/accounts?fields=id" },
    ]);
    const res = await call(s, "POST", "/graph.facebook.com", { batch, access_token: fresh });
    expect(res.body.map((r: { code: number }) => r.code)).toEqual([200, 200]);
    const after = ((await (await s.handle(new Request("http://sandbox.test/__sandbox/stats"))).json()) as { counts: Record<string, number> }).counts;
    const delta = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => v !== 0));
    expect(delta).toEqual({ "graph.facebook.com POST / (batch)": 1 });
  });
});
