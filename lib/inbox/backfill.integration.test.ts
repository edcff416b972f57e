import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { conversations, inboxBackfills, messages } from "@/db/schema";
import { connectMeta, MAYA, MAYA_PAGE } from "@/tests/support/meta-messaging-harness";
import { eventually, messageCount, processedDeliveries, useInboxTestEnv } from "@/tests/support/inbox-harness";

const t = useInboxTestEnv();
const IG = "17841400000000101";

type Seeded = { conversations: Array<{ customerId: string; mids: string[] }> };

describe("Inbox backfill (issue 13)", () => {
  it("linking a Page imports its 60 recent conversations through paging, then a webhook for one of them adds exactly one message", async () => {
    const seeded = (await t.sb.control("/conversations", { object: "page", pageId: MAYA_PAGE, count: 60, messagesEach: 3 })) as Seeded;
    const igSeeded = (await t.sb.control("/conversations", { object: "instagram", igId: IG, count: 2, messagesEach: 2 })) as Seeded;
    const before = (await t.sb.stats())["graph.facebook.com GET /{id}/conversations"] ?? 0;
    await connectMeta(t.tdb.db, MAYA, t.alice);

    const done = await eventually(async () => {
      const [b] = await t.tdb.db.select().from(inboxBackfills).where(eq(inboxBackfills.organizationId, t.alice.orgId));
      return b?.status === "done" ? b : undefined;
    }, "backfill done");
    expect(done).toMatchObject({ conversations: 62, messages: 60 * 3 + 2 * 2, error: null });
    // 60 Messenger conversations at 25 a page is 3 pages; Instagram 1.
    expect(((await t.sb.stats())["graph.facebook.com GET /{id}/conversations"] ?? 0) - before).toBe(4);
    const all = await t.tdb.db.select().from(conversations);
    expect(all).toHaveLength(62);
    // History is not unread; the reply window counts from each person's last message.
    expect(all.every((c) => c.unreadCount === 0 && c.lastInboundAt !== null)).toBe(true);
    const one = all.find((c) => c.participantId === seeded.conversations[7]!.customerId)!;
    const thread = await t.tdb.db.select().from(messages).where(eq(messages.conversationId, one.id)).orderBy(messages.sentAt);
    expect(thread.map((m) => [m.providerMessageId, m.direction])).toEqual([
      [seeded.conversations[7]!.mids[0], "in"],
      [seeded.conversations[7]!.mids[1], "out"],
      [seeded.conversations[7]!.mids[2], "in"],
    ]);
    expect(all.filter((c) => c.channel === "instagram").map((c) => c.participantId).sort()).toEqual(igSeeded.conversations.map((c) => c.customerId).sort());

    // The same person writes again: one new message, nothing duplicated.
    await t.sb.control("/webhooks/meta", { object: "page", pageId: MAYA_PAGE, senderId: one.participantId, text: "Still open?" });
    await processedDeliveries(t, 1);
    expect(await messageCount(t)).toBe(60 * 3 + 2 * 2 + 1);
    const [after] = await t.tdb.db.select().from(conversations).where(eq(conversations.id, one.id));
    expect(after).toMatchObject({ unreadCount: 1, lastMessagePreview: "Still open?" });
  });

  it("a second backfill (a reconnect after a gap) imports only what is missing", async () => {
    const seeded = (await t.sb.control("/conversations", { object: "page", pageId: MAYA_PAGE, count: 3, messagesEach: 2 })) as Seeded;
    await connectMeta(t.tdb.db, MAYA, t.alice);
    await eventually(async () => {
      const rows = await t.tdb.db.select().from(inboxBackfills);
      return rows.length === 1 && rows[0]!.status === "done";
    }, "first backfill");
    // While disconnected, one more conversation happened and was never delivered to us.
    await t.sb.control("/conversations", { object: "page", pageId: MAYA_PAGE, count: 1, messagesEach: 2 });
    await connectMeta(t.tdb.db, MAYA, t.alice);
    const second = await eventually(async () => {
      const rows = await t.tdb.db.select().from(inboxBackfills).orderBy(sql`${inboxBackfills.startedAt} desc`);
      return rows.length === 2 && rows[0]!.status === "done" ? rows[0] : undefined;
    }, "second backfill");
    expect(second).toMatchObject({ conversations: 4, messages: 2 });
    expect(await messageCount(t)).toBe(3 * 2 + 2);
    expect(seeded.conversations).toHaveLength(3);
  });
});
