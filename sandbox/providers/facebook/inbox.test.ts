import { describe, expect, it } from "vitest";
import { advance, call, fbLogin, graph, igLogin, metaSandbox } from "../meta/test-helpers";

const MAYA = "10160938475610293";
const PAGE = "104857392016482";
const IG = "17841400000000101";
const AVA = "17841450000000011";
const DAY = 24 * 3_600_000;

type S = ReturnType<typeof metaSandbox>;

async function pageToken(s: S): Promise<string> {
  const user = await fbLogin(s, MAYA, ["pages_show_list", "pages_manage_metadata", "pages_messaging", "instagram_manage_messages"], { longLived: true });
  return (await graph(s, "GET", "/me/accounts", user, { fields: "access_token" })).body.data[0].access_token as string;
}

const control = (s: S, path: string, body: Record<string, unknown>) =>
  call(s, "POST", `/__sandbox${path}`, {}, { body: JSON.stringify(body), headers: { "content-type": "application/json" } });

/** A person writes to the Page (or its Instagram account): the window opens now. */
async function personWrites(s: S, object: "page" | "instagram", customer: string, account = object === "page" ? PAGE : IG) {
  await control(s, "/webhooks/meta", { object, ...(object === "page" ? { pageId: account } : { igId: account }), senderId: customer, text: "hello" });
}

const sendAs = (s: S, token: string, customer: string, extra: Record<string, string>) =>
  graph(s, "POST", `/${PAGE}/messages`, token, { recipient: JSON.stringify({ id: customer }), message: JSON.stringify({ text: "Thanks for waiting" }), ...extra });

describe("Send API: message tags as the platform enforces them", () => {
  it("an unknown MESSAGE_TAG value is refused, and nothing is sent", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    await personWrites(s, "page", "6100000000000101");
    const res = await sendAs(s, token, "6100000000000101", { messaging_type: "MESSAGE_TAG", tag: "CUSTOMER_FEEDBACK_PLEASE" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 100 });
    expect(res.body.error.message).toContain('Param tag must be one of');
    expect((await call(s, "GET", "/__sandbox/messages")).body.data).toEqual([]);
  });

  it("HUMAN_AGENT is accepted after 24 hours but refused more than 7 days after the person's last message", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    await personWrites(s, "page", "6100000000000102");
    await advance(s, 3 * DAY);
    expect((await sendAs(s, token, "6100000000000102", { messaging_type: "RESPONSE" })).body.error).toMatchObject({ code: 10, error_subcode: 2018278 });
    expect((await sendAs(s, token, "6100000000000102", { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" })).status).toBe(200);
    await advance(s, 4 * DAY + 60_000);
    const late = await sendAs(s, token, "6100000000000102", { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({ code: 10, error_subcode: 2018278 });
    expect((await call(s, "GET", "/__sandbox/messages")).body.data).toHaveLength(1);
  });

  it("Instagram users accept only HUMAN_AGENT: another valid tag is refused (Page token and Instagram Login alike)", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    await personWrites(s, "instagram", "5300000000000101");
    const refused = await sendAs(s, token, "5300000000000101", { messaging_type: "MESSAGE_TAG", tag: "ACCOUNT_UPDATE" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("only HUMAN_AGENT");
    expect((await sendAs(s, token, "5300000000000101", { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" })).status).toBe(200);

    const { token: igToken } = await igLogin(s, AVA);
    await control(s, "/webhooks/meta", { object: "instagram", igId: AVA, senderId: "5400000000000101", text: "hi" });
    const ig = (tag: string) =>
      call(s, "POST", `/graph.instagram.com/v24.0/${AVA}/messages`, { recipient: JSON.stringify({ id: "5400000000000101" }), message: JSON.stringify({ text: "ok" }), messaging_type: "MESSAGE_TAG", tag, access_token: igToken });
    expect((await ig("POST_PURCHASE_UPDATE")).status).toBe(400);
    expect((await ig("HUMAN_AGENT")).status).toBe(200);
    expect((await call(s, "GET", "/__sandbox/messages", { platform: "instagram" })).body.data).toHaveLength(2);
  });

  it("sender_action mark_seen is accepted without a message and recorded; an unknown action is refused", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    await personWrites(s, "page", "6100000000000103");
    const seen = await graph(s, "POST", `/${PAGE}/messages`, token, { recipient: JSON.stringify({ id: "6100000000000103" }), sender_action: "mark_seen" });
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ recipient_id: "6100000000000103" });
    expect((await graph(s, "POST", `/${PAGE}/messages`, token, { recipient: JSON.stringify({ id: "6100000000000103" }), sender_action: "wave" })).status).toBe(400);
    expect((await call(s, "GET", "/__sandbox/sender-actions")).body.data).toMatchObject([{ accountId: PAGE, recipientId: "6100000000000103", action: "mark_seen" }]);
    expect((await call(s, "GET", "/__sandbox/messages")).body.data).toEqual([]);
  });
});

describe("Conversations API and profiles", () => {
  it("60 seeded conversations page through with cursors, newest first, each with its latest messages", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    const seeded = await control(s, "/conversations", { object: "page", pageId: PAGE, count: 60, messagesEach: 3 });
    expect(seeded.body.conversations).toHaveLength(60);
    const seen: string[] = [];
    let res = await graph(s, "GET", `/${PAGE}/conversations`, token, { platform: "messenger", fields: "participants,updated_time,messages.limit(20){id,message,from,to,created_time,attachments}", limit: "25" });
    for (;;) {
      expect(res.status).toBe(200);
      for (const c of res.body.data) {
        seen.push(c.id);
        expect(c.messages.data).toHaveLength(3);
        expect(c.participants.data[1]).toEqual({ id: PAGE, name: "Maya's Bakery" });
      }
      const next = res.body.paging?.next as string | undefined;
      if (!next) break;
      const u = new URL(next);
      res = await call(s, "GET", `/graph.facebook.com${u.pathname}`, { ...Object.fromEntries(u.searchParams), access_token: token });
    }
    expect(new Set(seen).size).toBe(60);
    // Without pages_messaging: refused.
    const user = await fbLogin(s, MAYA, ["pages_show_list"], { longLived: true });
    const weak = (await graph(s, "GET", "/me/accounts", user, { fields: "access_token" })).body.data[0].access_token as string;
    expect((await graph(s, "GET", `/${PAGE}/conversations`, weak, { platform: "messenger" })).body.error.code).toBe(230);
  });

  it("a person who wrote to the Page has a profile the Page can read (name and picture); a stranger does not", async () => {
    const s = metaSandbox();
    const token = await pageToken(s);
    await personWrites(s, "page", "6100000000000104");
    const me = await graph(s, "GET", "/6100000000000104", token, { fields: "first_name,last_name,profile_pic" });
    expect(me.body).toMatchObject({ id: "6100000000000104", first_name: expect.any(String), last_name: expect.any(String), profile_pic: expect.stringMatching(/^https:\/\/scontent\.xx\.fbcdn\.net\//) });
    expect((await graph(s, "GET", "/6100000000000999", token, { fields: "first_name" })).status).toBe(400);
    await personWrites(s, "instagram", "5300000000000104");
    expect((await graph(s, "GET", "/5300000000000104", token, { fields: "name,username,profile_pic" })).body).toMatchObject({ username: expect.any(String), name: expect.any(String) });
  });
});

describe("Webhook deliveries as Meta sends them", () => {
  it("several events in one POST arrive as several entries of one messaging object each", async () => {
    const s = metaSandbox();
    const report = await control(s, "/webhooks/meta", { object: "page", pageId: PAGE, events: [{ text: "a", senderId: "6100000000000105" }, { text: "b", senderId: "6100000000000106" }] });
    // Not subscribed here: the payload it would have sent shows the shape.
    expect(report.body.payload.entry).toHaveLength(2);
    for (const e of report.body.payload.entry) expect(e.messaging).toHaveLength(1);
  });
});
