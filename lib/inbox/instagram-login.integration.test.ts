import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { inboxBackfills, messages } from "@/db/schema";
import { AVA, KENJI, signInThroughSandbox } from "@/tests/support/instagram-login-harness";
import { listConnections } from "@/lib/connections/queries";
import { runMetaWebhookReconcile } from "@/lib/meta-messaging/reconcile";
import { resubscribeInstagramLogin } from "./instagram-login";
import { conversationOf, eventually, processedDeliveries, useInboxTestEnv } from "@/tests/support/inbox-harness";

const t = useInboxTestEnv();
const PERSON = "5400000000000101";
const SUBSCRIBE = "graph.instagram.com POST /{id}/subscribed_apps";
const CONVERSATIONS = "graph.instagram.com GET /{id}/conversations";

type Report = { delivered: boolean; status?: number; events?: Array<{ included: boolean; reason?: string }> };
const deliver = (body: Record<string, unknown>) => t.sb.control("/webhooks/meta", body) as Promise<Report>;

describe("Instagram Login accounts in the Inbox (issue 13)", () => {
  it("connecting one subscribes it to messages, imports the conversations from before, and its DMs then arrive by webhook", async () => {
    // Someone wrote before the account was connected: Meta has the conversation but sends nothing (no subscription).
    const early = await deliver({ object: "instagram", igId: AVA.accountId, senderId: PERSON, text: "before you connected" });
    expect(early.delivered).toBe(false);

    const outcome = await signInThroughSandbox(t.tdb.db, AVA.accountId);
    const stats = await t.sb.stats();
    expect(stats[SUBSCRIBE]).toBe(1);

    // The history import reads graph.instagram.com/{ig-user-id}/conversations with the account's own token.
    const [connection] = await t.tdb.db.query.socialConnections.findMany({ where: (c, { eq: is }) => is(c.id, outcome.connectionId) });
    const organizationId = connection!.organizationId;
    const backfill = await eventually(async () => {
      const [row] = await t.tdb.db.select().from(inboxBackfills).where(and(eq(inboxBackfills.organizationId, organizationId), eq(inboxBackfills.channel, "instagram")));
      return row && row.status !== "running" ? row : undefined;
    }, "the Instagram Login history import");
    expect(backfill).toMatchObject({ status: "done", accountId: AVA.accountId, conversations: 1, messages: 1 });
    expect((await t.sb.stats())[CONVERSATIONS]).toBeGreaterThanOrEqual(1);
    const imported = await conversationOf(t, PERSON);
    expect(imported).toMatchObject({ organizationId, channel: "instagram", accountId: AVA.accountId, via: "instagram_login", lastMessagePreview: "before you connected", unreadCount: 0 });

    // Now subscribed: Meta delivers (signed with the Instagram app secret) and it lands in the same conversation.
    const later = await deliver({ object: "instagram", igId: AVA.accountId, senderId: PERSON, text: "are you open today?" });
    expect(later).toMatchObject({ delivered: true, status: 200 });
    const [delivery] = await processedDeliveries(t, 1);
    expect(delivery!.app).toBe("instagram");
    const stored = await t.tdb.db.select().from(messages).where(eq(messages.conversationId, imported!.id));
    expect(stored.map((m) => m.text).sort()).toEqual(["are you open today?", "before you connected"]);
    expect(await conversationOf(t, PERSON)).toMatchObject({ unreadCount: 1, lastMessagePreview: "are you open today?" });
  });

  it("its Inbox webhook subscription shows on its card: Subscribed; one Meta dropped is put back by the hourly check; when that fails the card says Not subscribed and why, and Resubscribe puts it back (its own organization only)", async () => {
    const outcome = await signInThroughSandbox(t.tdb.db, KENJI.accountId);
    const [connection] = await t.tdb.db.query.socialConnections.findMany({ where: (c, { eq: is }) => is(c.id, outcome.connectionId) });
    const organizationId = connection!.organizationId;
    const card = async () => (await listConnections(t.tdb.db, organizationId)).find((c) => c.id === outcome.connectionId)!.inboxWebhook;
    expect(await card()).toMatchObject({ status: "subscribed", error: null, checkedAt: expect.any(String) });
    // Every other kind of account has no such line.
    expect((await listConnections(t.tdb.db, t.alice.orgId)).every((c) => c.inboxWebhook === null)).toBe(true);

    // Meta drops the subscription behind our back; the hourly check notices and subscribes again.
    expect(await t.sb.control("/instagram/drop-subscription", { igId: KENJI.accountId })).toEqual({ dropped: true });
    const before = (await t.sb.stats())[SUBSCRIBE] ?? 0;
    await runMetaWebhookReconcile(t.tdb.db);
    expect((await t.sb.stats())[SUBSCRIBE]).toBe(before + 1);
    expect(await card()).toMatchObject({ status: "subscribed" });
    expect((await deliver({ object: "instagram", igId: KENJI.accountId, senderId: "5400000000000102", text: "still there?" })).delivered).toBe(true);

    // Dropped again, and Instagram refuses to subscribe it for now: the card says so.
    await t.sb.control("/instagram/drop-subscription", { igId: KENJI.accountId });
    await t.sb.control("/knobs", { overrides: { [SUBSCRIBE]: { failureRate: 1 } } });
    try {
      await runMetaWebhookReconcile(t.tdb.db);
      expect(await card()).toMatchObject({ status: "not_subscribed", error: expect.stringMatching(/Instagram/) });
      expect(await resubscribeInstagramLogin(t.tdb.db, organizationId, outcome.connectionId)).toMatchObject({ status: "not_subscribed", error: expect.any(String) });
    } finally {
      await t.sb.control("/knobs", { overrides: { [SUBSCRIBE]: { failureRate: 0 } } });
    }
    // Another organization cannot resubscribe it (A1); its own can.
    expect(await resubscribeInstagramLogin(t.tdb.db, t.alice.orgId, outcome.connectionId)).toBeNull();
    expect(await resubscribeInstagramLogin(t.tdb.db, organizationId, outcome.connectionId)).toEqual({ status: "subscribed", error: null });
    expect(await card()).toMatchObject({ status: "subscribed", error: null });
    expect((await deliver({ object: "instagram", igId: KENJI.accountId, senderId: "5400000000000102", text: "and now?" })).delivered).toBe(true);
  });
});
