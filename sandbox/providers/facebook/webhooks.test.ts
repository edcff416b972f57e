import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { FACEBOOK_APP, INSTAGRAM_APP, META_WEBHOOK_VERIFY_TOKEN } from "../../core/apps";
import { advance, call, fbLogin, graph, igLogin, metaSandbox } from "../meta/test-helpers";

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

const subscribeApp = (s: ReturnType<typeof metaSandbox>, callback: string, object = "page", verifyToken = META_WEBHOOK_VERIFY_TOKEN, fields = "messages,messaging_postbacks") =>
  graph(s, "POST", `/${FACEBOOK_APP.clientId}/subscriptions`, APP_TOKEN, { object, callback_url: callback, verify_token: verifyToken, fields });

async function subscribePage(s: ReturnType<typeof metaSandbox>, fields = "messages"): Promise<string> {
  const user = await fbLogin(s, MAYA, ["pages_show_list", "pages_manage_metadata", "pages_messaging", "instagram_manage_messages"], { longLived: true });
  const pageToken = (await graph(s, "GET", "/me/accounts", user, { fields: "access_token" })).body.data[0].access_token as string;
  expect((await graph(s, "POST", `/${PAGE}/subscribed_apps`, pageToken, { subscribed_fields: fields })).body).toEqual({ success: true });
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

const signed = (body: string, secret: string = FACEBOOK_APP.clientSecret) => "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
const posts = (r: { received: Received[] }) => r.received.filter((x) => x.method === "POST");
const ALL_MESSENGER = "messages,message_deliveries,message_reads,message_echoes";

describe("Meta webhooks: deliveries, reads, echoes and Instagram messages", () => {
  it("message_deliveries needs the field at the app and the Page level, then arrives signed in Meta's shape", async () => {
    const s = metaSandbox();
    const r = await receiver();
    await subscribeApp(s, r.url, "page", META_WEBHOOK_VERIFY_TOKEN, "messages,message_deliveries");
    const pageToken = await subscribePage(s, "messages");
    const customer = "6100000000000002";
    await deliver(s, { object: "page", pageId: PAGE, senderId: customer, text: "Hi" });
    const sent = await graph(s, "POST", `/${PAGE}/messages`, pageToken, { recipient: JSON.stringify({ id: customer }), message: JSON.stringify({ text: "Hello!" }) });
    const mid = sent.body.message_id as string;

    const notPage = await deliver(s, { object: "page", pageId: PAGE, senderId: customer, event: "delivery" });
    expect(notPage.body).toMatchObject({ delivered: false, events: [{ event: "delivery", field: "message_deliveries", included: false }] });
    expect(notPage.body.reason).toBe('The Page is not subscribed to "message_deliveries" (subscribed_apps)');
    expect(posts(r)).toHaveLength(1); // only the first message

    await graph(s, "POST", `/${PAGE}/subscribed_apps`, pageToken, { subscribed_fields: "messages,message_deliveries" });
    const report = await deliver(s, { object: "page", pageId: PAGE, senderId: customer, event: "delivery" });
    expect(report.body.delivered).toBe(true);
    const post = posts(r).at(-1)!;
    expect(post.headers["x-hub-signature-256"]).toBe(signed(post.body));
    const payload = JSON.parse(post.body);
    expect(payload).toEqual({
      object: "page",
      entry: [{ id: PAGE, time: expect.any(Number), messaging: [{ sender: { id: customer }, recipient: { id: PAGE }, delivery: { mids: [mid], watermark: expect.any(Number) } }] }],
    });
    // A person who was never sent anything: `mids` is left out, as Meta says it may be; watermark stays.
    const bare = await deliver(s, { object: "page", pageId: PAGE, senderId: "6100000000000003", event: "delivery", watermark: 1458668856253 });
    expect(bare.body.payload.entry[0].messaging[0]).toEqual({ sender: { id: "6100000000000003" }, recipient: { id: PAGE }, delivery: { watermark: 1458668856253 } });
  });

  it("message_reads arrive as {timestamp, read:{watermark}} only when the app subscribes to message_reads too", async () => {
    const s = metaSandbox();
    const r = await receiver();
    await subscribeApp(s, r.url, "page", META_WEBHOOK_VERIFY_TOKEN, "messages");
    await subscribePage(s, "messages,message_reads");
    const customer = "6100000000000004";
    const noApp = await deliver(s, { object: "page", pageId: PAGE, senderId: customer, event: "read" });
    expect(noApp.body.delivered).toBe(false);
    expect(noApp.body.reason).toBe('No app-level subscription to "message_reads" for object "page"');
    expect(posts(r)).toHaveLength(0);

    await subscribeApp(s, r.url, "page", META_WEBHOOK_VERIFY_TOKEN, "message_reads");
    const report = await deliver(s, { object: "page", pageId: PAGE, senderId: customer, event: "read", watermark: 1458668856253 });
    expect(report.body.delivered).toBe(true);
    const post = posts(r).at(-1)!;
    expect(post.headers["x-hub-signature-256"]).toBe(signed(post.body));
    expect(JSON.parse(post.body).entry[0].messaging).toEqual([{ sender: { id: customer }, recipient: { id: PAGE }, timestamp: expect.any(Number), read: { watermark: 1458668856253 } }]);
  });

  it("message_echoes come from the Page to the person with is_echo and app_id, echoing what the app sent", async () => {
    const s = metaSandbox();
    const r = await receiver();
    await subscribeApp(s, r.url, "page", META_WEBHOOK_VERIFY_TOKEN, ALL_MESSENGER);
    const pageToken = await subscribePage(s, "messages");
    const customer = "6100000000000005";
    await deliver(s, { object: "page", pageId: PAGE, senderId: customer, text: "Open on Sunday?" });
    const sent = await graph(s, "POST", `/${PAGE}/messages`, pageToken, { recipient: JSON.stringify({ id: customer }), message: JSON.stringify({ text: "Yes, 8 to 2." }) });
    expect((await deliver(s, { object: "page", pageId: PAGE, senderId: customer, event: "echo" })).body).toMatchObject({ delivered: false, reason: 'The Page is not subscribed to "message_echoes" (subscribed_apps)' });

    await graph(s, "POST", `/${PAGE}/subscribed_apps`, pageToken, { subscribed_fields: ALL_MESSENGER });
    const report = await deliver(s, { object: "page", pageId: PAGE, senderId: customer, event: "echo", metadata: "ticket-42" });
    expect(report.body).toMatchObject({ delivered: true, mid: sent.body.message_id });
    const post = posts(r).at(-1)!;
    expect(post.headers["x-hub-signature-256"]).toBe(signed(post.body));
    expect(JSON.parse(post.body).entry[0].messaging[0]).toEqual({
      sender: { id: PAGE },
      recipient: { id: customer },
      timestamp: expect.any(Number),
      message: { mid: sent.body.message_id, is_echo: true, app_id: Number(FACEBOOK_APP.clientId), metadata: "ticket-42", text: "Yes, 8 to 2." },
    });
    // An echo of something typed in the Page inbox (not sent by the app): a fresh mid and the given text.
    const inbox = await deliver(s, { object: "page", pageId: PAGE, senderId: customer, event: "echo", text: "Sent from the inbox", appId: "263902037430900" });
    expect(inbox.body.payload.entry[0].messaging[0].message).toEqual({ mid: expect.stringMatching(/^m_/), is_echo: true, app_id: 263902037430900, text: "Sent from the inbox" });
  });

  it("Instagram messages (via a Page) arrive as object instagram with entry.id = the IG account; echoes too, under messages", async () => {
    const s = metaSandbox();
    const r = await receiver();
    const ig = "17841400000000101";
    await subscribeApp(s, r.url, "instagram", META_WEBHOOK_VERIFY_TOKEN, "messages");
    const pageToken = await subscribePage(s, "messages");
    const customer = "5300000000000002";
    const report = await deliver(s, { object: "instagram", igId: ig, senderId: customer, text: "Do you ship?", attachmentUrl: "https://cdn.example.com/a.jpg" });
    expect(report.body.delivered).toBe(true);
    const post = posts(r).at(-1)!;
    expect(post.headers["x-hub-signature-256"]).toBe(signed(post.body));
    expect(JSON.parse(post.body)).toEqual({
      object: "instagram",
      entry: [{ id: ig, time: expect.any(Number), messaging: [{ sender: { id: customer }, recipient: { id: ig }, timestamp: expect.any(Number), message: { mid: report.body.mid, text: "Do you ship?", attachments: [{ type: "image", payload: { url: "https://cdn.example.com/a.jpg" } }] } }] }],
    });

    const sent = await graph(s, "POST", `/${PAGE}/messages`, pageToken, { recipient: JSON.stringify({ id: customer }), message: JSON.stringify({ text: "We do!" }) });
    const echo = await deliver(s, { object: "instagram", igId: ig, senderId: customer, event: "echo" });
    expect(echo.body.delivered).toBe(true);
    expect(JSON.parse(posts(r).at(-1)!.body).entry[0].messaging[0]).toEqual({
      sender: { id: ig },
      recipient: { id: customer },
      timestamp: expect.any(Number),
      message: { mid: sent.body.message_id, is_echo: true, text: "We do!" },
    });
    // Instagram has no message_deliveries field; its reads come under messaging_seen (not subscribed here).
    expect((await deliver(s, { object: "instagram", igId: ig, senderId: customer, event: "delivery" })).status).toBe(400);
    expect((await deliver(s, { object: "instagram", igId: ig, senderId: customer, event: "read" })).body).toMatchObject({ delivered: false, reason: 'No app-level subscription to "messaging_seen" for object "instagram"' });
    expect((await deliver(s, { object: "page", pageId: PAGE, event: "typing" })).status).toBe(400);
  });

  it("attachments in Meta's documented shapes per channel: media with payload.url on Meta's CDNs, links with url and title; a type the channel does not send is refused", async () => {
    const s = metaSandbox();
    const r = await receiver();
    await subscribeApp(s, r.url, "page", META_WEBHOOK_VERIFY_TOKEN, "messages");
    await subscribeApp(s, r.url, "instagram", META_WEBHOOK_VERIFY_TOKEN, "messages");
    await subscribePage(s, "messages");
    const attachmentOf = async (body: Record<string, unknown>) => {
      const report = await deliver(s, body);
      expect(report.body.delivered).toBe(true);
      return JSON.parse(posts(r).at(-1)!.body).entry[0].messaging[0].message.attachments[0];
    };
    const page = { object: "page", pageId: PAGE, senderId: "6100000000000077", text: "" };
    expect(await attachmentOf({ ...page, attachmentType: "audio" })).toEqual({ type: "audio", payload: { url: expect.stringMatching(/^https:\/\/cdn\.fbsbx\.com\/v\/t59\.3654-21\/\d+_n\.mp4\/audioclip-\d+\.mp4\?.*oe=/) } });
    expect(await attachmentOf({ ...page, attachmentType: "video" })).toEqual({ type: "video", payload: { url: expect.stringMatching(/^https:\/\/video\.xx\.fbcdn\.net\//) } });
    expect(await attachmentOf({ ...page, attachmentType: "file", attachmentName: "Price list.pdf" })).toEqual({ type: "file", payload: { url: expect.stringMatching(/^https:\/\/cdn\.fbsbx\.com\/v\/t59\.2708-21\/\d+_n\.pdf\/Price%20list\.pdf\?/) } });
    expect(await attachmentOf({ ...page, attachmentType: "fallback", attachmentUrl: "https://example.org/a", attachmentTitle: "An article" })).toEqual({ type: "fallback", payload: { url: "https://example.org/a", title: "An article" } });
    const ig = { object: "instagram", igId: "17841400000000101", senderId: "5300000000000077", text: "" };
    expect(await attachmentOf({ ...ig, attachmentType: "story_mention" })).toEqual({ type: "story_mention", payload: { url: expect.stringMatching(/^https:\/\/lookaside\.fbsbx\.com\/ig_messaging_cdn\/\?asset_id=/) } });
    expect(await attachmentOf({ ...ig, attachmentType: "ig_reel" })).toEqual({ type: "ig_reel", payload: { url: expect.any(String), title: expect.any(String), reel_video_id: expect.any(String) } });
    // Messenger sends no share or story_mention; Instagram no fallback.
    expect((await deliver(s, { ...page, attachmentType: "share" })).status).toBe(400);
    expect((await deliver(s, { ...ig, attachmentType: "fallback" })).status).toBe(400);
  });

  it("Instagram Login accounts: the account's subscribed_apps gates delivery and the Instagram app secret signs it", async () => {
    const s = metaSandbox();
    const r = await receiver();
    const AVA = "17841450000000011";
    const { token } = await igLogin(s, AVA);
    const igAppToken = `${INSTAGRAM_APP.clientId}|${INSTAGRAM_APP.clientSecret}`;
    const sub = await graph(s, "POST", `/${INSTAGRAM_APP.clientId}/subscriptions`, igAppToken, { object: "instagram", callback_url: r.url, verify_token: META_WEBHOOK_VERIFY_TOKEN, fields: "messages" });
    expect(sub.body).toEqual({ success: true });
    expect((await deliver(s, { object: "instagram", igId: AVA, senderId: "5400000000000001", text: "hi" })).body).toMatchObject({ delivered: false, reason: 'The account is not subscribed to "messages" (subscribed_apps)' });

    await call(s, "POST", `/graph.instagram.com/v24.0/${AVA}/subscribed_apps`, { subscribed_fields: "messages", access_token: token });
    const report = await deliver(s, { object: "instagram", igId: AVA, senderId: "5400000000000001", text: "hi" });
    expect(report.body.delivered).toBe(true);
    const post = posts(r).at(-1)!;
    expect(post.headers["x-hub-signature-256"]).toBe(signed(post.body, INSTAGRAM_APP.clientSecret));
    expect(JSON.parse(post.body)).toMatchObject({ object: "instagram", entry: [{ id: AVA, messaging: [{ sender: { id: "5400000000000001" }, recipient: { id: AVA }, message: { text: "hi" } }] }] });
  });

  it("several events go out in one POST, one entry per event (Meta's one messaging object per entry), leaving out unsubscribed fields", async () => {
    const s = metaSandbox();
    const r = await receiver();
    await subscribeApp(s, r.url, "page", META_WEBHOOK_VERIFY_TOKEN, ALL_MESSENGER);
    await subscribePage(s, "messages,message_reads");
    const report = await deliver(s, {
      object: "page",
      pageId: PAGE,
      senderId: "6100000000000006",
      events: [{ text: "one" }, { event: "delivery" }, { event: "read" }, { text: "two", senderId: "6100000000000007" }],
    });
    expect(report.body.delivered).toBe(true);
    expect(report.body.events.map((e: { event: string; included: boolean }) => [e.event, e.included])).toEqual([["message", true], ["delivery", false], ["read", true], ["message", true]]);
    const sent = posts(r);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers["x-hub-signature-256"]).toBe(signed(sent[0]!.body));
    const payload = JSON.parse(sent[0]!.body);
    expect(payload.entry).toHaveLength(3);
    for (const e of payload.entry) expect(e).toMatchObject({ id: PAGE, time: expect.any(Number), messaging: [expect.any(Object)] });
    expect(payload.entry.map((e: { messaging: Array<Record<string, any>> }) => e.messaging[0]!.message?.text ?? Object.keys(e.messaging[0]!).find((k) => k === "read"))).toEqual(["one", "read", "two"]);
    // Mixing objects would need two POSTs to two callbacks: refused.
    expect((await deliver(s, { object: "page", pageId: PAGE, events: [{}, { object: "instagram", igId: "17841450000000011" }] })).status).toBe(400);
  });
});
