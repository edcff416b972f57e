import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { conversations, memberships, messages, organizationMetaSettings } from "@/db/schema";
import { GET as getThreadRoute } from "@/app/api/inbox/conversations/[id]/route";
import { GET as listRoute } from "@/app/api/inbox/conversations/route";
import { POST as readRoute } from "@/app/api/inbox/conversations/[id]/read/route";
import { POST as replyRoute } from "@/app/api/inbox/conversations/[id]/reply/route";
import { POST as assignRoute } from "@/app/api/inbox/conversations/[id]/assign/route";
import { POST as statusRoute } from "@/app/api/inbox/conversations/[id]/status/route";
import { GET as avatarRoute } from "@/app/api/inbox/avatars/[id]/route";
import { POST as disconnectRoute } from "@/app/api/integrations/meta/disconnect/route";
import { MAYA, MAYA_PAGE, person } from "@/tests/support/meta-messaging-harness";
import { conversationOf, eventually, linkPage, processedDeliveries, useInboxTestEnv } from "@/tests/support/inbox-harness";
import { asBrowser, callRoute, signedInAs, type TBrowser } from "@/tests/support/next";

const t = useInboxTestEnv();
const IG = "17841400000000101";
const DAY = 24 * 3_600_000;

const deliver = (body: Record<string, unknown>) => t.sb.control("/webhooks/meta", body) as Promise<{ delivered: boolean; mid?: string }>;
const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" }, body: JSON.stringify(body) });

async function as(who: { userId: string; orgId: string }): Promise<TBrowser> {
  return signedInAs(t.tdb, who.userId, who.orgId);
}

/** Alice's organization links Maya's Page and a person writes; returns the conversation id. */
async function conversationWith(customer: string, object: "page" | "instagram" = "page"): Promise<string> {
  await linkPage(t, MAYA, t.alice);
  await deliver({ object, ...(object === "page" ? { pageId: MAYA_PAGE } : { igId: IG }), senderId: customer, text: "Hello!" });
  await processedDeliveries(t, 1);
  return (await eventually(() => conversationOf(t, customer), "conversation"))!.id;
}

const sentBySandbox = async () => ((await (await fetch(`${t.sb.sandboxUrl}/__sandbox/messages`)).json()) as { data: Array<{ platform: string; to: string; text: string }> }).data;
const senderActions = async () => ((await (await fetch(`${t.sb.sandboxUrl}/__sandbox/sender-actions`)).json()) as { data: Array<{ action: string; recipientId: string }> }).data;
const statusOf = async (id: string) => (await t.tdb.db.select().from(messages).where(eq(messages.id, id)))[0]!;

describe("Inbox: read and reply (issue 13)", () => {
  it("a Messenger reply goes out as RESPONSE and moves sending → sent → delivered → read with Meta's receipts", async () => {
    const id = await conversationWith("6100000000000201");
    const alice = await as(t.alice);
    const res = await callRoute(replyRoute, asBrowser(alice, `/api/inbox/conversations/${id}/reply`, json({ text: "Yes, until 2pm!" })), { id });
    expect(res.status).toBe(200);
    const out = (await res.json()) as { messageId: string; status: string };
    expect(out.status).toBe("sent");
    expect(await sentBySandbox()).toMatchObject([{ platform: "messenger", to: "6100000000000201", text: "Yes, until 2pm!" }]);
    const sent = await statusOf(out.messageId);
    expect(sent).toMatchObject({ status: "sent", direction: "out", sentBy: t.alice.userId, providerMessageId: expect.stringMatching(/^m_/) });

    await deliver({ object: "page", pageId: MAYA_PAGE, senderId: "6100000000000201", event: "delivery" });
    await eventually(async () => (await statusOf(out.messageId)).status === "delivered", "delivered");
    await deliver({ object: "page", pageId: MAYA_PAGE, senderId: "6100000000000201", event: "read" });
    await eventually(async () => (await statusOf(out.messageId)).status === "read", "read");
    // The echo of our own reply is not a second message.
    await deliver({ object: "page", pageId: MAYA_PAGE, senderId: "6100000000000201", event: "echo" });
    await processedDeliveries(t, 4);
    expect((await t.tdb.db.select().from(messages).where(eq(messages.direction, "out"))).length).toBe(1);
  });

  it("an Instagram reply goes through the Page token to the IGSID, and reaches read with messaging_seen", async () => {
    const id = await conversationWith("5300000000000201", "instagram");
    const res = await callRoute(replyRoute, asBrowser(await as(t.alice), `/api/inbox/conversations/${id}/reply`, json({ text: "We ship!" })), { id });
    const out = (await res.json()) as { messageId: string; status: string };
    expect(out.status).toBe("sent");
    expect(await sentBySandbox()).toMatchObject([{ platform: "instagram", to: "5300000000000201", text: "We ship!" }]);
    // The app subscribes Instagram's messaging_seen too.
    expect(await deliver({ object: "instagram", igId: IG, senderId: "5300000000000201", event: "read" })).toMatchObject({ delivered: true });
    await eventually(async () => (await statusOf(out.messageId)).status === "read", "read");
    expect((await statusOf(out.messageId)).deliveredAt).toBeInstanceOf(Date);
  });

  it("opening a conversation clears its unread count and sends mark_seen once", async () => {
    const id = await conversationWith("6100000000000202");
    expect((await conversationOf(t, "6100000000000202"))!.unreadCount).toBe(1);
    const alice = await as(t.alice);
    expect((await (await callRoute(readRoute, asBrowser(alice, `/api/inbox/conversations/${id}/read`, json({})), { id })).json())).toEqual({ markedSeen: true });
    expect((await conversationOf(t, "6100000000000202"))!.unreadCount).toBe(0);
    expect(await senderActions()).toMatchObject([{ action: "mark_seen", recipientId: "6100000000000202" }]);
    expect((await (await callRoute(readRoute, asBrowser(alice, `/api/inbox/conversations/${id}/read`, json({})), { id })).json())).toEqual({ markedSeen: false });
    expect(await senderActions()).toHaveLength(1);
  });

  it("outside the 24-hour window the reply goes as HUMAN_AGENT within 7 days; after 7 days it is refused with the reason and nothing is sent", async () => {
    const id = await conversationWith("6100000000000203");
    const alice = await as(t.alice);
    // Three days pass, on both clocks.
    await t.sb.control("/clock", { advanceMs: 3 * DAY });
    await t.tdb.db.update(conversations).set({ lastInboundAt: sql`now() - interval '3 days'` }).where(eq(conversations.id, id));
    const thread = (await (await callRoute(getThreadRoute, asBrowser(alice, `/api/inbox/conversations/${id}`), { id })).json()) as { window: { open: boolean; tag?: string } };
    expect(thread.window).toMatchObject({ open: true, tag: "HUMAN_AGENT" });
    const ok = await callRoute(replyRoute, asBrowser(alice, `/api/inbox/conversations/${id}/reply`, json({ text: "Sorry for the wait" })), { id });
    expect(((await ok.json()) as { status: string }).status).toBe("sent");

    await t.sb.control("/clock", { advanceMs: 5 * DAY });
    await t.tdb.db.update(conversations).set({ lastInboundAt: sql`now() - interval '8 days'` }).where(eq(conversations.id, id));
    const closed = await callRoute(replyRoute, asBrowser(alice, `/api/inbox/conversations/${id}/reply`, json({ text: "Too late" })), { id });
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { error: { message: string } }).error.message).toContain("7 days");
    expect((await sentBySandbox()).map((m) => m.text)).toEqual(["Sorry for the wait"]);
  });

  it("another organization's conversation is a 404 on every route, and changes nothing (A1)", async () => {
    const id = await conversationWith("6100000000000204");
    const bob = await as(t.bob);
    const calls = [
      () => callRoute(getThreadRoute, asBrowser(bob, `/api/inbox/conversations/${id}`), { id }),
      () => callRoute(readRoute, asBrowser(bob, `/api/inbox/conversations/${id}/read`, json({})), { id }),
      () => callRoute(replyRoute, asBrowser(bob, `/api/inbox/conversations/${id}/reply`, json({ text: "hi" })), { id }),
      () => callRoute(assignRoute, asBrowser(bob, `/api/inbox/conversations/${id}/assign`, json({ assigneeId: t.bob.userId })), { id }),
      () => callRoute(statusRoute, asBrowser(bob, `/api/inbox/conversations/${id}/status`, json({ status: "done" })), { id }),
      () => callRoute(avatarRoute, asBrowser(bob, `/api/inbox/avatars/${id}`), { id }),
    ];
    for (const call of calls) expect((await call()).status).toBe(404);
    expect(await conversationOf(t, "6100000000000204")).toMatchObject({ unreadCount: 1, assignedTo: null, status: "open" });
    expect(await sentBySandbox()).toEqual([]);
    expect(await senderActions()).toEqual([]);
    const list = (await (await callRoute(listRoute, asBrowser(bob, "/api/inbox/conversations"))).json()) as { conversations: unknown[] };
    expect(list.conversations).toEqual([]);
  });

  it("a member can reply, assign and mark done; only an owner or admin can disconnect (A2)", async () => {
    const id = await conversationWith("6100000000000205");
    const carol = await person(t.tdb.db, "carol");
    await t.tdb.db.insert(memberships).values({ organizationId: t.alice.orgId, userId: carol.userId, role: "member" });
    const member = await as({ userId: carol.userId, orgId: t.alice.orgId });
    expect((await callRoute(replyRoute, asBrowser(member, `/api/inbox/conversations/${id}/reply`, json({ text: "On it" })), { id })).status).toBe(200);
    expect((await callRoute(assignRoute, asBrowser(member, `/api/inbox/conversations/${id}/assign`, json({ assigneeId: carol.userId })), { id })).status).toBe(200);
    // Someone outside the organization cannot be assigned.
    expect((await callRoute(assignRoute, asBrowser(member, `/api/inbox/conversations/${id}/assign`, json({ assigneeId: t.bob.userId })), { id })).status).toBe(400);
    const mine = (await (await callRoute(listRoute, asBrowser(member, "/api/inbox/conversations?mine=1"))).json()) as { conversations: Array<{ id: string }> };
    expect(mine.conversations.map((c) => c.id)).toEqual([id]);
    expect((await callRoute(statusRoute, asBrowser(member, `/api/inbox/conversations/${id}/status`, json({ status: "done" })), { id })).status).toBe(200);
    const done = (await (await callRoute(listRoute, asBrowser(member, "/api/inbox/conversations?status=done"))).json()) as { conversations: Array<{ id: string }> };
    expect(done.conversations.map((c) => c.id)).toEqual([id]);

    const refused = await callRoute(disconnectRoute, asBrowser(member, "/api/integrations/meta/disconnect", json({})));
    expect(refused.status).toBe(403);
    expect(await t.tdb.db.select().from(organizationMetaSettings).where(eq(organizationMetaSettings.organizationId, t.alice.orgId))).toHaveLength(1);
  });

  it("after a disconnect every conversation stays readable, read-only with a note, and a reply is refused", async () => {
    const id = await conversationWith("6100000000000206");
    const alice = await as(t.alice);
    expect((await callRoute(disconnectRoute, asBrowser(alice, "/api/integrations/meta/disconnect", json({})))).status).toBe(200);
    const thread = (await (await callRoute(getThreadRoute, asBrowser(alice, `/api/inbox/conversations/${id}`), { id })).json()) as { readOnly: boolean; readOnlyReason: string; messages: Array<{ text: string }> };
    expect(thread.readOnly).toBe(true);
    expect(thread.readOnlyReason).toContain("no longer connected");
    expect(thread.messages.map((m) => m.text)).toEqual(["Hello!"]);
    const reply = await callRoute(replyRoute, asBrowser(alice, `/api/inbox/conversations/${id}/reply`, json({ text: "hi" })), { id });
    expect(reply.status).toBe(409);
    expect(await sentBySandbox()).toEqual([]);
  });
});
