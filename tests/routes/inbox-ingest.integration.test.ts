import { describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { memberships, messages, notifications, organizationMetaSettings, webhookDeliveries } from "@/db/schema";
import { assignConversation } from "@/lib/inbox/conversations";
import { markConversationRead } from "@/lib/inbox/send";
import { joinOrganization } from "@/tests/support/people";
import { upsertConnections } from "@/lib/connections/store";
import { getMetaConnection } from "@/lib/meta-messaging/settings";
import { INSTAGRAM_LOGIN_PLATFORM } from "@/lib/connections/instagram-login-connection";
import { FACEBOOK_APP, INSTAGRAM_APP } from "@/tests/support/sandbox-app";
import { MAYA, MAYA_PAGE } from "@/tests/support/meta-messaging-harness";
import { conversationOf, eventually, linkPage, messageCount, processedDeliveries, useInboxTestEnv } from "@/tests/support/inbox-harness";
import { POST } from "@/app/api/webhooks/meta/route";
import { asBrowser, callRoute, signedInAs } from "@/tests/support/next";
import { GET as threadRoute } from "@/app/api/inbox/conversations/[id]/route";
import { GET as attachmentRoute } from "@/app/api/inbox/attachments/[id]/[index]/route";
import { signMetaBody } from "@/lib/inbox/signature";

const t = useInboxTestEnv();
const IG = "17841400000000101";
const AVA = "17841450000000011";
const PROFILE_LABEL = "graph.facebook.com GET /{id}";

type Report = { delivered: boolean; status?: number; mid?: string; responseBody?: string };
const deliver = (body: Record<string, unknown>) => t.sb.control("/webhooks/meta", body) as Promise<Report>;

/** A POST to our handler as Meta would send it (or not). */
function post(body: string, signature: string | null) {
  const headers = new Headers({ "content-type": "application/json" });
  if (signature !== null) headers.set("x-hub-signature-256", signature);
  return callRoute(POST, new Request("http://localhost:3000/api/webhooks/meta", { method: "POST", headers, body }));
}

const messengerBody = (pageId: string, mid: string, text: string, sender = "6100000000000901") =>
  JSON.stringify({ object: "page", entry: [{ id: pageId, time: Date.now(), messaging: [{ sender: { id: sender }, recipient: { id: pageId }, timestamp: Date.now(), message: { mid, text } }] }] });

describe("Meta webhook ingest (issue 13)", () => {
  it("a signed Messenger DM from the sandbox is stored raw, answered 200, and becomes a message in a conversation with the person's name and stored picture", async () => {
    await linkPage(t, MAYA, t.alice);
    const report = await deliver({ object: "page", pageId: MAYA_PAGE, senderId: "6100000000000001", text: "Do you have rye today?" });
    expect(report).toMatchObject({ delivered: true, status: 200, responseBody: "EVENT_RECEIVED" });
    const [delivery] = await processedDeliveries(t, 1);
    expect(delivery!.app).toBe("facebook");
    expect(JSON.parse(delivery!.body).entry[0].messaging[0].message.mid).toBe(report.mid);

    const c = await eventually(async () => {
      const row = await conversationOf(t, "6100000000000001");
      return row?.profileFetchedAt ? row : undefined;
    }, "profile");
    expect(c).toMatchObject({ organizationId: t.alice.orgId, channel: "messenger", accountId: MAYA_PAGE, unreadCount: 1, status: "open", lastMessagePreview: "Do you have rye today?" });
    expect(c.participantName).toMatch(/^\S+ \S+$/);
    // The picture is kept as a small WebP (Meta's URLs expire), not as a URL.
    expect(c.participantAvatar!.subarray(0, 4).toString()).toBe("RIFF");
    expect(c.participantAvatar!.subarray(8, 12).toString()).toBe("WEBP");
    const stored = await t.tdb.db.select().from(messages).where(eq(messages.conversationId, c.id));
    expect(stored).toMatchObject([{ providerMessageId: report.mid, direction: "in", text: "Do you have rye today?", status: "received" }]);
    // The card's health line: when the last event arrived.
    const [settings] = await t.tdb.db.select().from(organizationMetaSettings).where(eq(organizationMetaSettings.organizationId, t.alice.orgId));
    expect(settings!.lastEventAt).toBeInstanceOf(Date);
    expect((await getMetaConnection(t.tdb.db, t.alice.orgId))!.lastEventAt).toBe(settings!.lastEventAt!.toISOString());
  });

  it("a bad or missing signature is 401 and nothing is stored (W1): one byte changed, no header, wrong secret, non-ASCII body", async () => {
    await linkPage(t, MAYA, t.alice);
    const body = messengerBody(MAYA_PAGE, "m_sig", "héllo ✓ 你好");
    const good = signMetaBody(body, FACEBOOK_APP.clientSecret);
    const changed = body.replace("héllo", "hèllo");
    const attempts = [
      await post(changed, good),
      await post(body, null),
      await post(body, signMetaBody(body, "not-the-app-secret")),
      await post(body, "sha256=" + "0".repeat(64)),
      await post(body, good.replace("sha256=", "sha1=")),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: "bad_signature", message: expect.any(String) } });
    }
    expect(await t.tdb.db.select().from(webhookDeliveries)).toEqual([]);
    // The same non-ASCII body, rightly signed over its UTF-8 bytes, is accepted.
    expect((await post(body, good)).status).toBe(200);
    await processedDeliveries(t, 1);
    expect((await t.tdb.db.select().from(messages))[0]!.text).toBe("héllo ✓ 你好");
  });

  it("the same delivery twice is stored once, and a redelivered message (other bytes, same mid) is one message (W3)", async () => {
    await linkPage(t, MAYA, t.alice);
    const body = messengerBody(MAYA_PAGE, "m_twice", "once");
    const sig = signMetaBody(body, FACEBOOK_APP.clientSecret);
    expect((await post(body, sig)).status).toBe(200);
    expect((await post(body, sig)).status).toBe(200);
    await processedDeliveries(t, 1);
    const again = body.replace(/"time":\d+/, '"time":1');
    expect((await post(again, signMetaBody(again, FACEBOOK_APP.clientSecret))).status).toBe(200);
    const rows = await processedDeliveries(t, 2);
    expect(rows).toHaveLength(2);
    expect(await messageCount(t)).toBe(1);
    expect(rows.map((r) => r.result).sort((a, b) => (a!.stored ?? 0) - (b!.stored ?? 0))).toEqual([
      expect.objectContaining({ stored: 0, duplicates: 1 }),
      expect.objectContaining({ stored: 1, duplicates: 0 }),
    ]);
    expect((await conversationOf(t, "6100000000000901"))!.unreadCount).toBe(1);
  });

  it("one delivery of 15 entries is stored as 15 messages", async () => {
    await linkPage(t, MAYA, t.alice);
    const events = Array.from({ length: 15 }, (_, i) => ({ text: `message ${i + 1}`, senderId: `61000000000010${String(i).padStart(2, "0")}` }));
    const report = (await t.sb.control("/webhooks/meta", { object: "page", pageId: MAYA_PAGE, events })) as Report & { payload: { entry: unknown[] } };
    expect(report.delivered).toBe(true);
    expect(report.payload.entry).toHaveLength(15);
    const [delivery] = await processedDeliveries(t, 1);
    expect(delivery!.result).toMatchObject({ stored: 15 });
    expect(await messageCount(t)).toBe(15);
  });

  it("several messaging objects in one entry (the older shape) are each stored", async () => {
    await linkPage(t, MAYA, t.alice);
    const item = (mid: string) => ({ sender: { id: "6100000000000902" }, recipient: { id: MAYA_PAGE }, timestamp: Date.now(), message: { mid, text: mid } });
    const body = JSON.stringify({ object: "page", entry: [{ id: MAYA_PAGE, time: Date.now(), messaging: [item("m_a"), item("m_b"), item("m_c")] }] });
    expect((await post(body, signMetaBody(body, FACEBOOK_APP.clientSecret))).status).toBe(200);
    await processedDeliveries(t, 1);
    expect(await messageCount(t)).toBe(3);
  });

  it("an event for a Page no organization linked is acknowledged with 200 and dropped", async () => {
    const body = messengerBody("999999999999999", "m_nobody", "anyone?");
    expect((await post(body, signMetaBody(body, FACEBOOK_APP.clientSecret))).status).toBe(200);
    const [delivery] = await processedDeliveries(t, 1);
    expect(delivery!.result).toMatchObject({ stored: 0, dropped: 1 });
    expect(await messageCount(t)).toBe(0);
  });

  it("a delivery whose processing fails is retried by the job until it succeeds, and stored once", async () => {
    await linkPage(t, MAYA, t.alice);
    // A real database failure on the first attempt: a trigger that refuses the first insert
    // (a sequence, because the failed transaction rolls everything else back).
    await t.tdb.raw.exec(`
      create sequence if not exists fail_once_seq;
      create or replace function fail_once_fn() returns trigger language plpgsql as $$
      begin
        if nextval('fail_once_seq') = 1 then raise exception 'database unavailable'; end if;
        return new;
      end $$;
      create trigger messages_fail_once before insert on messages for each row execute function fail_once_fn();`);
    try {
      const report = await deliver({ object: "page", pageId: MAYA_PAGE, senderId: "6100000000000003", text: "are you there?" });
      expect(report.status).toBe(200);
      const [delivery] = await processedDeliveries(t, 1);
      expect(delivery!.attempts).toBe(2);
      expect(delivery!.lastError).toBeNull();
      expect(await messageCount(t)).toBe(1);
    } finally {
      await t.tdb.raw.exec("drop trigger if exists messages_fail_once on messages; drop sequence if exists fail_once_seq;");
    }
  });

  it("a delivery that keeps failing does not hold up the others: they are applied, it stays pending with its error until it succeeds", async () => {
    await linkPage(t, MAYA, t.alice);
    await t.tdb.raw.exec(`
      create or replace function refuse_poison_fn() returns trigger language plpgsql as $$
      begin
        if new.text = 'poison' then raise exception 'poison refused'; end if;
        return new;
      end $$;
      create trigger messages_refuse_poison before insert on messages for each row execute function refuse_poison_fn();`);
    try {
      const bad = messengerBody(MAYA_PAGE, "m_poison", "poison", "6100000000000904");
      const good = messengerBody(MAYA_PAGE, "m_good", "fine", "6100000000000905");
      // Posted back to back: one drain takes both.
      const answers = await Promise.all([post(bad, signMetaBody(bad, FACEBOOK_APP.clientSecret)), post(good, signMetaBody(good, FACEBOOK_APP.clientSecret))]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const rows = await eventually(async () => {
        const all = await t.tdb.db.select().from(webhookDeliveries);
        return all.length === 2 && all.some((r) => r.status === "processed") && all.some((r) => r.lastError) ? all : undefined;
      }, "the good delivery applied and the bad one failed");
      expect(rows.find((r) => r.status === "pending")).toMatchObject({ lastError: "poison refused" });
      expect((await t.tdb.db.select().from(messages)).map((m) => m.text)).toEqual(["fine"]);
    } finally {
      await t.tdb.raw.exec("drop trigger if exists messages_refuse_poison on messages;");
    }
    // The drain's retry applies it once the database takes it.
    await processedDeliveries(t, 2);
    expect(await messageCount(t)).toBe(2);
  });

  it("a profile that cannot be fetched for a moment (Meta 5xx) is filled in later: the person is named once Meta answers", async () => {
    await linkPage(t, MAYA, t.alice);
    await t.sb.control("/knobs", { overrides: { [PROFILE_LABEL]: { failureRate: 1 } } });
    try {
      await deliver({ object: "page", pageId: MAYA_PAGE, senderId: "6100000000000906", text: "first" });
      await processedDeliveries(t, 1);
      // The job tried and failed; the person is shown by id for now, not given up on.
      await eventually(async () => ((await t.sb.stats())[PROFILE_LABEL] ?? 0) >= 1, "a profile fetch");
      expect(await conversationOf(t, "6100000000000906")).toMatchObject({ participantName: null, profileFetchedAt: null });
    } finally {
      await t.sb.control("/knobs", { overrides: { [PROFILE_LABEL]: { failureRate: 0 } } });
    }
    await deliver({ object: "page", pageId: MAYA_PAGE, senderId: "6100000000000906", text: "second" });
    const c = await eventually(async () => {
      const row = await conversationOf(t, "6100000000000906");
      return row?.participantName ? row : undefined;
    }, "the person's name");
    expect(c.participantName).toMatch(/^\S+ \S+$/);
    expect(c.profileFetchedAt).toBeInstanceOf(Date);
  });

  it("attachments are downloaded at ingest (Meta's URLs expire) into media storage and served to the organization only, through the app's route", async () => {
    await linkPage(t, MAYA, t.alice);
    const cdn = "https://scontent.xx.fbcdn.net/v/t1.15752-9";
    const sender = "6100000000000907";
    for (const file of ["photo_n.png", "too-large.png", "not-an-image.jpg"]) {
      await deliver({ object: "page", pageId: MAYA_PAGE, senderId: sender, text: file, attachmentUrl: `${cdn}/${file}?oh=00_x&oe=6A000000` });
    }
    const c = await eventually(() => conversationOf(t, sender), "conversation");
    const settled = await eventually(async () => {
      const rows = await t.tdb.db.select().from(messages).where(eq(messages.conversationId, c.id)).orderBy(asc(messages.text));
      return rows.length === 3 && rows.every((m) => m.attachments[0]!.key || m.attachments[0]!.unavailable) ? rows : undefined;
    }, "the attachments downloaded");
    const byText = Object.fromEntries(settled.map((m) => [m.text, m]));
    expect(byText["photo_n.png"]!.attachments[0]).toMatchObject({ key: `${t.alice.orgId}/att-${byText["photo_n.png"]!.id}-0.png`, mime: "image/png" });
    // A body far over the cap is not kept (the download stops early); HTML served as image/jpeg is judged by its bytes.
    expect(byText["too-large.png"]!.attachments[0]).toMatchObject({ unavailable: "too_large" });
    expect(byText["not-an-image.jpg"]!.attachments[0]).toMatchObject({ unavailable: "type_not_kept" });

    // The thread links the kept copy through the app, never Meta's URL.
    const alice = await signedInAs(t.tdb, t.alice.userId, t.alice.orgId);
    const thread = await (await callRoute(threadRoute, asBrowser(alice, `/api/inbox/conversations/${c.id}`), { id: c.id })).text();
    expect(thread).not.toContain("fbcdn.net");
    const photo = byText["photo_n.png"]!.id;
    expect(JSON.parse(thread).messages.find((m: { id: string }) => m.id === photo).attachments).toEqual([{ type: "image", url: `/api/inbox/attachments/${photo}/0`, state: "stored" }]);
    const mine = await callRoute(attachmentRoute, asBrowser(alice, `/api/inbox/attachments/${photo}/0`), { id: photo, index: "0" });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await mine.arrayBuffer()).subarray(1, 4).toString()).toBe("PNG");
    // Another organization's member gets a 404 (A1).
    const bob = await signedInAs(t.tdb, t.bob.userId, t.bob.orgId);
    expect((await callRoute(attachmentRoute, asBrowser(bob, `/api/inbox/attachments/${photo}/0`), { id: photo, index: "0" })).status).toBe(404);
  });

  it("audio, video and files are kept too (Meta's hosts only, a cap per type, the type judged by the bytes) and served to the organization only, files as a download under a safe name; links stay links", async () => {
    await linkPage(t, MAYA, t.alice);
    const sender = "6100000000000931";
    const sends: Array<[string, Record<string, unknown>]> = [
      ["voice", { attachmentType: "audio" }],
      ["clip", { attachmentType: "video" }],
      ["pdf", { attachmentType: "file", attachmentName: "Price list \"2026\".pdf" }],
      ["text", { attachmentType: "file", attachmentName: "notes.txt" }],
      // 30 MB: over the 25 MB cap of files.
      ["huge", { attachmentType: "file", attachmentName: "too-large.pdf" }],
      ["exe", { attachmentType: "file", attachmentName: "setup.exe" }],
      ["elsewhere", { attachmentType: "audio", attachmentUrl: "https://attacker.example/v/audioclip-1.mp4" }],
      ["html", { attachmentType: "audio", attachmentUrl: "https://cdn.fbsbx.com/v/t59.3654-21/1_n.mp4/not-media.mp4?oe=6A000000" }],
      ["article", { attachmentType: "fallback", attachmentUrl: "https://example.org/news/1", attachmentTitle: "Opening hours" }],
      ["script", { attachmentType: "fallback", attachmentUrl: "javascript:alert(1)" }],
    ];
    for (const [text, extra] of sends) expect(await deliver({ object: "page", pageId: MAYA_PAGE, senderId: sender, text, ...extra })).toMatchObject({ delivered: true });
    const c = await eventually(() => conversationOf(t, sender), "conversation");
    const settled = await eventually(async () => {
      const rows = await t.tdb.db.select().from(messages).where(eq(messages.conversationId, c.id));
      return rows.length === sends.length && rows.every((m) => m.attachments.every((a) => a.key || a.unavailable || a.link)) ? rows : undefined;
    }, "the attachments settled");
    const by = Object.fromEntries(settled.map((m) => [m.text, m]));
    expect(by.voice!.attachments).toEqual([expect.objectContaining({ type: "audio", mime: "audio/x-m4a", key: `${t.alice.orgId}/att-${by.voice!.id}-0.bin` })]);
    expect(by.clip!.attachments).toEqual([expect.objectContaining({ type: "video", mime: "video/mp4" })]);
    expect(by.pdf!.attachments).toEqual([expect.objectContaining({ type: "file", mime: "application/pdf", name: 'Price list 2026.pdf', size: expect.any(Number) })]);
    expect(by.text!.attachments).toEqual([expect.objectContaining({ type: "file", mime: "application/octet-stream", name: "notes.txt" })]);
    expect(by.huge!.attachments[0]).toMatchObject({ unavailable: "too_large" });
    expect(by.exe!.attachments[0]).toMatchObject({ unavailable: "type_not_kept" });
    expect(by.elsewhere!.attachments[0]).toMatchObject({ unavailable: "host_not_allowed" });
    expect(by.html!.attachments[0]).toMatchObject({ unavailable: "type_not_kept" });
    expect(by.article!.attachments).toEqual([{ type: "fallback", url: "https://example.org/news/1", link: true, title: "Opening hours" }]);
    expect(by.script!.attachments).toEqual([]);

    // The thread: kept copies through the app's route, links as links, the rest unavailable; never Meta's media URLs.
    const alice = await signedInAs(t.tdb, t.alice.userId, t.alice.orgId);
    const thread = await (await callRoute(threadRoute, asBrowser(alice, `/api/inbox/conversations/${c.id}`), { id: c.id })).text();
    expect(thread).not.toMatch(/fbsbx\.com|fbcdn\.net|attacker\.example|javascript:/);
    const shown = (id: string) => JSON.parse(thread).messages.find((m: { id: string }) => m.id === id).attachments;
    expect(shown(by.voice!.id)).toEqual([{ type: "audio", url: `/api/inbox/attachments/${by.voice!.id}/0`, state: "stored" }]);
    expect(shown(by.pdf!.id)).toEqual([{ type: "file", url: `/api/inbox/attachments/${by.pdf!.id}/0`, state: "stored", name: "Price list 2026.pdf", size: by.pdf!.attachments[0]!.size }]);
    expect(shown(by.huge!.id)).toEqual([{ type: "file", url: null, state: "unavailable", name: "too-large.pdf" }]);
    expect(shown(by.article!.id)).toEqual([{ type: "fallback", url: "https://example.org/news/1", state: "link", title: "Opening hours" }]);

    const get = (who: typeof alice, id: string) => callRoute(attachmentRoute, asBrowser(who, `/api/inbox/attachments/${id}/0`), { id, index: "0" });
    const voice = await get(alice, by.voice!.id);
    expect(voice.status).toBe(200);
    expect(voice.headers.get("content-type")).toBe("audio/x-m4a");
    expect(voice.headers.get("content-disposition")).toBe("inline");
    expect(Buffer.from(await voice.arrayBuffer()).subarray(4, 8).toString()).toBe("ftyp");
    const pdf = await get(alice, by.pdf!.id);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toBe(`attachment; filename="Price list 2026.pdf"; filename*=UTF-8''Price%20list%202026.pdf`);
    expect(pdf.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString()).toBe("%PDF");
    const txt = await get(alice, by.text!.id);
    expect(txt.headers.get("content-type")).toBe("application/octet-stream");
    expect(txt.headers.get("content-disposition")).toMatch(/^attachment; filename="notes\.txt"/);
    expect((await get(alice, by.huge!.id)).status).toBe(404);
    // Another organization's member gets a 404 (A1).
    const bob = await signedInAs(t.tdb, t.bob.userId, t.bob.orgId);
    expect((await get(bob, by.voice!.id)).status).toBe(404);
    expect((await get(bob, by.pdf!.id)).status).toBe(404);
  });

  it("a new message notifies once per burst (more before it is read add nothing, the next after reading notifies again), the assigned member only when there is one", async () => {
    await linkPage(t, MAYA, t.alice);
    // Earlier tests' messages notified Alice too.
    await t.tdb.db.delete(notifications);
    await joinOrganization(t.tdb.db, t.bob.userId, t.alice.orgId, "member");
    try {
      const sender = "6100000000000908";
      const inboxNotices = (userId: string) =>
        t.tdb.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.organizationId, t.alice.orgId), eq(notifications.kind, "inbox_message")));
      await deliver({ object: "page", pageId: MAYA_PAGE, senderId: sender, text: "Hi, are you open?" });
      await deliver({ object: "page", pageId: MAYA_PAGE, senderId: sender, text: "Hello??" });
      await processedDeliveries(t, 2);
      const c = (await conversationOf(t, sender))!;
      // Everyone in the workspace (unassigned), once for both messages.
      const [first] = await eventually(async () => ((await inboxNotices(t.bob.userId)).length > 0 ? inboxNotices(t.bob.userId) : undefined), "bob's notification");
      expect(await inboxNotices(t.bob.userId)).toHaveLength(1);
      expect(await inboxNotices(t.alice.userId)).toHaveLength(1);
      expect(first).toMatchObject({ link: `/inbox?conversation=${c.id}`, subject: expect.stringMatching(/wrote on Messenger$/), body: "“Hi, are you open?”" });

      // Read, assigned to Alice, then a new message: a new burst, for Alice alone.
      await markConversationRead(t.tdb.db, t.alice.orgId, c.id);
      await assignConversation(t.tdb.db, t.alice.orgId, c.id, t.alice.userId);
      await deliver({ object: "page", pageId: MAYA_PAGE, senderId: sender, text: "Still there?" });
      await processedDeliveries(t, 3);
      await eventually(async () => (await inboxNotices(t.alice.userId)).length === 2, "alice's second notification");
      expect(await inboxNotices(t.bob.userId)).toHaveLength(1);
    } finally {
      await t.tdb.db.delete(notifications);
      await t.tdb.db.delete(memberships).where(and(eq(memberships.userId, t.bob.userId), eq(memberships.organizationId, t.alice.orgId)));
    }
  });

  it("Instagram DMs via the Page (Facebook app secret) and Instagram Login accounts (Instagram app secret) are both received", async () => {
    await linkPage(t, MAYA, t.alice);
    const viaPage = await deliver({ object: "instagram", igId: IG, senderId: "5300000000000001", text: "via the Page" });
    expect(viaPage.delivered).toBe(true);

    await upsertConnections(t.tdb.db, {
      organizationId: t.bob.orgId,
      userId: t.bob.userId,
      platform: INSTAGRAM_LOGIN_PLATFORM,
      accounts: [{ providerAccountId: AVA, displayName: "Ava Martins", postTargetType: "instagram_account", appType: "personal", accessToken: "IGAA-test", scopes: ["instagram_business_manage_messages"] }],
    });
    const body = JSON.stringify({ object: "instagram", entry: [{ id: AVA, time: Date.now(), messaging: [{ sender: { id: "5400000000000001" }, recipient: { id: AVA }, timestamp: Date.now(), message: { mid: "aWdfig1", text: "via Instagram Login" } }] }] });
    // Signed with the Facebook app's secret, an Instagram Login event is not accepted as one.
    expect((await post(body, signMetaBody(body, FACEBOOK_APP.clientSecret))).status).toBe(200);
    expect((await post(body, signMetaBody(body, INSTAGRAM_APP.clientSecret))).status).toBe(200);
    const rows = await processedDeliveries(t, 3);
    expect(rows.map((r) => r.app).sort()).toEqual(["facebook", "facebook", "instagram"]);
    const all = await t.tdb.db.select().from(messages).orderBy(asc(messages.text));
    expect(all.map((m) => [m.text, m.organizationId])).toEqual([
      ["via Instagram Login", t.bob.orgId],
      ["via the Page", t.alice.orgId],
    ]);
    expect(await conversationOf(t, "5400000000000001")).toMatchObject({ channel: "instagram", via: "instagram_login", accountId: AVA });
  });
});
