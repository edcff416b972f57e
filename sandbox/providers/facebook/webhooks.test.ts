import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { FACEBOOK_APP, META_WEBHOOK_VERIFY_TOKEN } from "../../core/apps";
import { advance, call, fbLogin, graph, metaSandbox } from "../meta/test-helpers";

const MAYA = "10160938475610293";
const PAGE = "104857392016482";
const APP_TOKEN = `${FACEBOOK_APP.clientId}|${FACEBOOK_APP.clientSecret}`;

interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A tiny webhook receiver like the app's: echoes hub.challenge when the verify token matches. */
async function receiver(opts: { echo?: "right" | "wrong" } = {}): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const u = new URL(req.url!, "http://x");
      if (req.method === "GET") {
        const ok = u.searchParams.get("hub.verify_token") === META_WEBHOOK_VERIFY_TOKEN;
        res.writeHead(ok ? 200 : 403).end(ok ? (opts.echo === "wrong" ? "nope" : u.searchParams.get("hub.challenge")) : "forbidden");
      } else res.writeHead(200).end("EVENT_RECEIVED");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address() as { port: number };
  servers.push(server);
  return { url: `http://127.0.0.1:${addr.port}/api/webhooks/meta`, received, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const subscribeApp = (s: ReturnType<typeof metaSandbox>, callback: string, object = "page", verifyToken = META_WEBHOOK_VERIFY_TOKEN) =>
  graph(s, "POST", `/${FACEBOOK_APP.clientId}/subscriptions`, APP_TOKEN, { object, callback_url: callback, verify_token: verifyToken, fields: "messages,messaging_postbacks" });

async function subscribePage(s: ReturnType<typeof metaSandbox>): Promise<string> {
  const user = await fbLogin(s, MAYA, ["pages_show_list", "pages_manage_metadata", "pages_messaging", "instagram_manage_messages"], { longLived: true });
  const pageToken = (await graph(s, "GET", "/me/accounts", user, { fields: "access_token" })).body.data[0].access_token as string;
  expect((await graph(s, "POST", `/${PAGE}/subscribed_apps`, pageToken, { subscribed_fields: "messages" })).body).toEqual({ success: true });
  return pageToken;
}

const deliver = (s: ReturnType<typeof metaSandbox>, body: Record<string, unknown>) =>
  call(s, "POST", "/__sandbox/webhooks/meta", {}, { body: JSON.stringify(body), headers: { "content-type": "application/json" } });

describe("Meta webhooks", () => {
  it("an app subscription first verifies the callback with hub.challenge", async () => {
    const s = metaSandbox();
    const r = await receiver();
    const res = await subscribeApp(s, r.url);
    expect(res.body).toEqual({ success: true });
    const get = r.received[0]!;
    const q = new URL(get.url, "http://x").searchParams;
    expect(get.method).toBe("GET");
    expect(q.get("hub.mode")).toBe("subscribe");
    expect(q.get("hub.verify_token")).toBe(META_WEBHOOK_VERIFY_TOKEN);
    const subs = await graph(s, "GET", `/${FACEBOOK_APP.clientId}/subscriptions`, APP_TOKEN);
    expect(subs.body.data[0]).toMatchObject({ object: "page", callback_url: r.url, active: true });
  });

  it("a callback that echoes the wrong challenge, or rejects the verify token, fails with #2200", async () => {
    const s = metaSandbox();
    const wrong = await receiver({ echo: "wrong" });
    const res = await subscribeApp(s, wrong.url);
    expect(res.body.error).toMatchObject({ code: 2200 });
    expect(res.body.error.message).toContain("callback verification failed");
    const ok = await receiver();
    expect((await subscribeApp(s, ok.url, "page", "not-the-token")).body.error.code).toBe(2200);
    expect((await graph(s, "GET", `/${FACEBOOK_APP.clientId}/subscriptions`, APP_TOKEN)).body.data).toEqual([]);
  });

  it("subscriptions need the app token", async () => {
    const s = metaSandbox();
    const user = await fbLogin(s, MAYA, ["pages_show_list"]);
    const res = await graph(s, "POST", `/${FACEBOOK_APP.clientId}/subscriptions`, user, { object: "page", callback_url: "http://127.0.0.1:1/x", verify_token: "v", fields: "messages" });
    expect(res.body.error.code).toBe(15);
  });

  it("a Page subscription without the app subscription delivers nothing", async () => {
    const s = metaSandbox();
    const r = await receiver();
    await subscribePage(s);
    const report = await deliver(s, { object: "page", pageId: PAGE, senderId: "6100000000000001", text: "Hi!" });
    expect(report.body.delivered).toBe(false);
    expect(report.body.reason).toContain("app-level");
    expect(r.received).toHaveLength(0);
  });

  it("an app subscription without the Page subscription delivers nothing", async () => {
    const s = metaSandbox();
    const r = await receiver();
    await subscribeApp(s, r.url);
    const report = await deliver(s, { object: "page", pageId: PAGE, text: "Hi!" });
    expect(report.body.delivered).toBe(false);
    expect(r.received.filter((x) => x.method === "POST")).toHaveLength(0);
  });

  it("with both levels a signed Messenger event arrives, and the Page can reply inside the 24-hour window", async () => {
    const s = metaSandbox();
    const r = await receiver();
    await subscribeApp(s, r.url);
    const pageToken = await subscribePage(s);
    const report = await deliver(s, { object: "page", pageId: PAGE, senderId: "6100000000000001", text: "Do you have rye today?" });
    expect(report.body.delivered).toBe(true);
    const post = r.received.find((x) => x.method === "POST")!;
    const expected = "sha256=" + createHmac("sha256", FACEBOOK_APP.clientSecret).update(post.body).digest("hex");
    expect(post.headers["x-hub-signature-256"]).toBe(expected);
    const payload = JSON.parse(post.body);
    expect(payload).toMatchObject({ object: "page", entry: [{ id: PAGE, messaging: [{ sender: { id: "6100000000000001" }, recipient: { id: PAGE }, message: { text: "Do you have rye today?" } }] }] });
    expect(payload.entry[0].messaging[0].message.mid).toMatch(/^m_/);

    const send = (text: string) =>
      graph(s, "POST", `/${PAGE}/messages`, pageToken, { recipient: JSON.stringify({ id: "6100000000000001" }), messaging_type: "RESPONSE", message: JSON.stringify({ text }) });
    const sent = await send("Yes, until 2pm!");
    expect(sent.body).toMatchObject({ recipient_id: "6100000000000001" });
    expect((await call(s, "GET", "/__sandbox/messages")).body.data).toMatchObject([{ platform: "messenger", from: PAGE, to: "6100000000000001", text: "Yes, until 2pm!" }]);
    expect((await graph(s, "POST", `/${PAGE}/messages`, pageToken, { recipient: JSON.stringify({ id: "999" }), message: JSON.stringify({ text: "x" }) })).body.error.error_subcode).toBe(2018001);
    await advance(s, 25 * 3_600_000);
    expect((await send("late")).body.error).toMatchObject({ code: 10, error_subcode: 2018278 });
  });

  it("Instagram events via a Page need the app's instagram object and the Page's messages field", async () => {
    const s = metaSandbox();
    const r = await receiver();
    await subscribeApp(s, r.url, "page");
    const pageToken = await subscribePage(s);
    const ig = "17841400000000101";
    expect((await deliver(s, { object: "instagram", igId: ig, senderId: "5300000000000001", text: "hey" })).body.delivered).toBe(false);
    await subscribeApp(s, r.url, "instagram");
    const ok = await deliver(s, { object: "instagram", igId: ig, senderId: "5300000000000001", text: "hey" });
    expect(ok.body.delivered).toBe(true);
    const sent = await graph(s, "POST", `/${PAGE}/messages`, pageToken, { recipient: JSON.stringify({ id: "5300000000000001" }), message: JSON.stringify({ text: "hello" }) });
    expect(sent.status).toBe(200);
    expect((await call(s, "GET", "/__sandbox/messages", { platform: "instagram" })).body.data[0]).toMatchObject({ from: ig, to: "5300000000000001" });
  });
});
