import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../core/server";
import { startMediaServer, UNREACHABLE, type MediaServer } from "../../core/test-media-server";
import { BOTS } from "./fixtures";
import { telegram } from "./index";

const SANDBOX = "http://127.0.0.1:4010";
const [northwind, harbor, revoked] = BOTS;
let sandbox: Sandbox;
let media: MediaServer;
beforeAll(async () => {
  media = await startMediaServer();
});
afterAll(() => media.close());

beforeEach(() => {
  sandbox = createSandbox({ modules: [telegram], sandboxUrl: SANDBOX, appOrigins: ["http://localhost:3000"] });
});

async function call(token: string, method: string, body?: Record<string, unknown> | FormData, query = "") {
  const url = `${SANDBOX}/api.telegram.org/bot${token}/${method}${query}`;
  const init: RequestInit =
    body instanceof FormData
      ? { method: "POST", body }
      : body
        ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
        : {};
  const res = await sandbox.handle(new Request(url, init));
  return { status: res.status, body: (await res.json()) as { ok: boolean; result?: any; error_code?: number; description?: string; parameters?: any } };
}

async function posts() {
  const res = await sandbox.handle(new Request(`${SANDBOX}/__sandbox/posts?platform=telegram`));
  return ((await res.json()) as { data: Array<{ target: string; text: string; media: string[] }> }).data;
}

describe("Telegram Bot API", () => {
  it("getMe answers with the bot for a valid token (GET)", async () => {
    const r = await call(northwind!.token, "getMe");
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({ id: northwind!.id, is_bot: true, username: "northwind_updates_bot" });
  });

  it("a bad or revoked token gets 401 Unauthorized", async () => {
    for (const token of ["123:nope", revoked!.token]) {
      const r = await call(token, "getMe");
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    }
  });

  it("a path without the bot prefix or an unknown method is 404 Not Found", async () => {
    expect((await call(northwind!.token, "noSuchMethod")).status).toBe(404);
    const res = await sandbox.handle(new Request(`${SANDBOX}/api.telegram.org/${northwind!.token}/getMe`));
    expect(res.status).toBe(404);
  });

  it("an unknown chat gets 400 chat not found", async () => {
    const r = await call(northwind!.token, "sendMessage", { chat_id: "@does_not_exist", text: "hi" });
    expect(r.status).toBe(400);
    expect(r.body.description).toBe("Bad Request: chat not found");
  });

  it("a private channel the bot is not in is 'chat not found' for that bot", async () => {
    const r = await call(harbor!.token, "getChat", { chat_id: -1001987654323 });
    expect(r.body.description).toBe("Bad Request: chat not found");
  });

  it("posting where the bot is not a member gets 403", async () => {
    const r = await call(northwind!.token, "sendMessage", { chat_id: "@harbor_daily", text: "hi" });
    expect(r.status).toBe(403);
    expect(r.body.description).toBe("Forbidden: bot is not a member of the channel chat");
  });

  it("posting where the bot was kicked gets 403", async () => {
    const r = await call(northwind!.token, "sendMessage", { chat_id: "@old_northwind", text: "hi" });
    expect(r.status).toBe(403);
    expect(r.body.description).toBe("Forbidden: bot was kicked from the channel chat");
  });

  it("an admin without Post Messages cannot post, and getChatMember shows why", async () => {
    const r = await call(northwind!.token, "sendMessage", { chat_id: "@northwind_archive", text: "hi" });
    expect(r.status).toBe(400);
    expect(r.body.description).toBe("Bad Request: need administrator rights in the channel chat");
    const m = await call(northwind!.token, "getChatMember", undefined, `?chat_id=@northwind_archive&user_id=${northwind!.id}`);
    expect(m.body.result).toMatchObject({ status: "administrator", can_post_messages: false });
  });

  it("getChatMember reports can_post_messages for a channel admin", async () => {
    const m = await call(northwind!.token, "getChatMember", { chat_id: "@northwind_news", user_id: northwind!.id });
    expect(m.body.result).toMatchObject({ status: "administrator", can_post_messages: true, user: { is_bot: true } });
  });

  it("a successful sendMessage (form body) appears in /__sandbox/posts", async () => {
    const res = await sandbox.handle(
      new Request(`${SANDBOX}/api.telegram.org/bot${northwind!.token}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ chat_id: "-1001987654321", text: "<b>Spring</b> menu is live", parse_mode: "HTML" }),
      }),
    );
    const body = (await res.json()) as any;
    expect(body.ok).toBe(true);
    expect(body.result).toMatchObject({ message_id: 1, chat: { id: -1001987654321, type: "channel", username: "northwind_news" }, text: "Spring menu is live" });
    expect(await posts()).toMatchObject([{ target: "@northwind_news", text: "Spring menu is live" }]);
  });

  it("enforces text 1–4096 and caption ≤ 1024", async () => {
    expect((await call(northwind!.token, "sendMessage", { chat_id: "@northwind_news", text: "" })).body.description).toBe("Bad Request: message text is empty");
    expect((await call(northwind!.token, "sendMessage", { chat_id: "@northwind_news", text: "a".repeat(4097) })).body.description).toBe("Bad Request: message is too long");
    expect((await call(northwind!.token, "sendMessage", { chat_id: "@northwind_news", text: "a".repeat(4096) })).body.ok).toBe(true);
    const caption = await call(northwind!.token, "sendPhoto", { chat_id: "@northwind_news", photo: `${SANDBOX}/__sandbox/media/a.jpg`, caption: "c".repeat(1025) });
    expect(caption.body.description).toBe("Bad Request: message caption is too long");
  });

  it("rejects unescaped MarkdownV2 reserved characters", async () => {
    const r = await call(northwind!.token, "sendMessage", { chat_id: "@northwind_news", text: "Open now.", parse_mode: "MarkdownV2" });
    expect(r.status).toBe(400);
    expect(r.body.description).toMatch(/^Bad Request: can't parse entities: Character '\.' is reserved/);
    expect((await call(northwind!.token, "sendMessage", { chat_id: "@northwind_news", text: "*Open* now\\.", parse_mode: "MarkdownV2" })).body.ok).toBe(true);
  });

  it("sendPhoto accepts a multipart upload and a URL, and rejects a non-image", async () => {
    const jpeg = await (await sandbox.handle(new Request(`${SANDBOX}/__sandbox/media/x.jpg`))).arrayBuffer();
    const fd = new FormData();
    fd.set("chat_id", "@northwind_news");
    fd.set("caption", "Fresh beans");
    fd.set("photo", new Blob([jpeg], { type: "image/jpeg" }), "beans.jpg");
    const up = await call(northwind!.token, "sendPhoto", fd);
    expect(up.body.ok).toBe(true);
    expect(up.body.result.photo.at(-1).file_id).toMatch(/^AgAC/);
    const byUrl = await call(northwind!.token, "sendPhoto", { chat_id: "@northwind_news", photo: `${SANDBOX}/__sandbox/media/y.jpg` });
    expect(byUrl.body.ok).toBe(true);
    const bad = new FormData();
    bad.set("chat_id", "@northwind_news");
    bad.set("photo", new Blob(["not an image"], { type: "image/jpeg" }), "x.jpg");
    expect((await call(northwind!.token, "sendPhoto", bad)).body.description).toBe("Bad Request: IMAGE_PROCESS_FAILED");
    expect((await posts()).map((p) => p.media[0])).toEqual(["upload:beans.jpg", `${SANDBOX}/__sandbox/media/y.jpg`]);
  });

  it("sendPhoto by URL downloads it, wherever it is: a 404, an unreachable host or over 5 MB fail; an HTML page is the wrong type", async () => {
    const send = (photo: string) => call(northwind!.token, "sendPhoto", { chat_id: "@northwind_news", photo, caption: "Beans" });
    for (const url of [`${media.url}/media/missing.jpg`, UNREACHABLE, `${media.url}/media/huge.jpg`]) {
      const r = await send(url);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ ok: false, error_code: 400, description: "Bad Request: failed to get HTTP URL content" });
    }
    expect((await send(`${media.url}/media/page.jpg`)).body.description).toBe("Bad Request: wrong type of the web page content");
    expect((await send("http://")).body.description).toBe("Bad Request: wrong HTTP URL specified");
    expect(await posts()).toEqual([]);
    const png = await send(`${media.url}/media/picture`);
    expect(png.body.ok).toBe(true);
    expect(media.hits).toEqual(expect.arrayContaining(["/media/missing.jpg", "/media/huge.jpg", "/media/page.jpg", "/media/picture"]));
    expect((await posts()).map((p) => p.media[0])).toEqual([`${media.url}/media/picture`]);
  });

  it("sendMediaGroup sends an album of 2–10 downloaded photos with one caption, and refuses a bad item or count", async () => {
    const photo = (path: string, caption?: string) => ({ type: "photo", media: `${media.url}${path}`, ...(caption ? { caption } : {}) });
    const album = await call(northwind!.token, "sendMediaGroup", { chat_id: "@northwind_news", media: JSON.stringify([photo("/media/photo", "Two loaves"), photo("/media/picture")]) });
    expect(album.body.ok).toBe(true);
    expect(album.body.result).toHaveLength(2);
    expect(album.body.result[0].media_group_id).toBe(album.body.result[1].media_group_id);
    expect(await posts()).toEqual([expect.objectContaining({ platform: "telegram", text: "Two loaves", media: [`${media.url}/media/photo`, `${media.url}/media/picture`] })]);
    const one = await call(northwind!.token, "sendMediaGroup", { chat_id: "@northwind_news", media: JSON.stringify([photo("/media/photo")]) });
    expect(one.body.description).toBe("Bad Request: wrong number of media: must include 2-10 items");
    const html = await call(northwind!.token, "sendMediaGroup", { chat_id: "@northwind_news", media: JSON.stringify([photo("/media/photo"), photo("/media/page.jpg")]) });
    expect(html.body.description).toBe("Bad Request: wrong type of the web page content");
    const long = await call(northwind!.token, "sendMediaGroup", { chat_id: "@northwind_news", media: JSON.stringify([photo("/media/photo", "c".repeat(1025)), photo("/media/picture")]) });
    expect(long.body.description).toBe("Bad Request: message caption is too long");
    expect(await posts()).toHaveLength(1);
  });

  it("a public URL is fetched too (and fails offline), never trusted", async () => {
    const r = await call(northwind!.token, "sendPhoto", { chat_id: "@northwind_news", photo: "https://cdn.invalid/photo.jpg" });
    expect(r.body.description).toBe("Bad Request: failed to get HTTP URL content");
  });

  it("the 21st message to one chat within a minute gets 429 with retry_after", async () => {
    for (let i = 0; i < 20; i++) expect((await call(northwind!.token, "sendMessage", { chat_id: "@northwind_news", text: `n${i}` })).body.ok).toBe(true);
    const r = await call(northwind!.token, "sendMessage", { chat_id: "@northwind_news", text: "one too many" });
    expect(r.status).toBe(429);
    expect(r.body.parameters.retry_after).toBeGreaterThan(0);
    expect(r.body.description).toMatch(/^Too Many Requests: retry after \d+$/);
    sandbox.context.clock.advance(61_000);
    expect((await call(northwind!.token, "sendMessage", { chat_id: "@northwind_news", text: "later" })).body.ok).toBe(true);
  });
});
