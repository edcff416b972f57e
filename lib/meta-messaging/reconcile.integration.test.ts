import { describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { eq } from "drizzle-orm";
import { notifications, organizationMetaSettings, type TOrganizationMetaSettings } from "@/db/schema";
import { startWorkers } from "@/lib/jobs";
import { sendJob } from "@/lib/jobs/queue";
import { metaMessagingReconcileQueue } from "./reconcile";
import { getMetaConnection, pageTokenOf, PAGE_WEBHOOK_FIELDS, reconcileOrganizationWebhooks, runMetaWebhookReconcile } from "./index";
import { connectMeta, MAYA, MAYA_PAGE, TOMAS, TOMAS_PAGE, useMetaTestEnv } from "@/tests/support/meta-messaging-harness";
import { waitForJob, stopWorkers } from "@/tests/support/jobs";

// SECURITY W4: the hourly reconcile against the in-process sandbox (real HTTP, real database).

const GET_SUBSCRIBED = "graph.facebook.com GET /{id}/subscribed_apps";
const POST_SUBSCRIBED = "graph.facebook.com POST /{id}/subscribed_apps";
const ALL_FIELDS = [...PAGE_WEBHOOK_FIELDS];

const t = useMetaTestEnv();

async function row(orgId: string): Promise<TOrganizationMetaSettings> {
  const [r] = await t.tdb.db.select().from(organizationMetaSettings).where(eq(organizationMetaSettings.organizationId, orgId));
  return r!;
}

async function calls(label: string): Promise<number> {
  return (await t.sb.stats())[label] ?? 0;
}

/** Someone removes our app from the Page outside Switchboard (Business Settings, another tool). */
async function unsubscribeBehindOurBack(orgId: string, pageId: string) {
  const res = await t.sb.graph("DELETE", `${pageId}/subscribed_apps`, pageTokenOf(await row(orgId)));
  expect(await res.json()).toEqual({ success: true });
  expect((await t.sb.subscriptions()).pages[pageId]).toBeUndefined();
}

describe("the Meta webhook reconcile (W4)", () => {
  it("a Page unsubscribed behind our back is resubscribed by the job, and the sandbox shows the fields again", async () => {
    expect(await connectMeta(t.tdb.db, MAYA, t.alice)).toMatchObject({ kind: "saved", webhooks: true });
    const connected = await row(t.alice.orgId);
    await unsubscribeBehindOurBack(t.alice.orgId, MAYA_PAGE);

    expect(await runMetaWebhookReconcile(t.tdb.db)).toEqual({ checked: 1, subscribed: 0, resubscribed: 1, needsReconnect: 0, failed: 0, checkFailed: 0 });

    expect((await t.sb.subscriptions()).pages[MAYA_PAGE]).toEqual(ALL_FIELDS);
    const after = await getMetaConnection(t.tdb.db, t.alice.orgId);
    expect(after).toMatchObject({ webhookStatus: "subscribed", tokenStatus: "active", webhookError: null, webhookCheckError: null });
    expect(after!.webhookResubscribedAt).not.toBeNull();
    expect(after!.webhookCheckedAt).not.toBeNull();
    expect(new Date(after!.webhookSubscribedAt!).getTime()).toBeGreaterThanOrEqual(connected.webhookSubscribedAt!.getTime());

    // The next run finds it in place: one GET, no POST.
    const posts = await calls(POST_SUBSCRIBED);
    expect(await runMetaWebhookReconcile(t.tdb.db)).toMatchObject({ checked: 1, subscribed: 1, resubscribed: 0 });
    expect(await calls(POST_SUBSCRIBED)).toBe(posts);
  });

  it("a Page left with only some of the fields gets all of them back", async () => {
    await connectMeta(t.tdb.db, MAYA, t.alice);
    const res = await t.sb.graph("POST", `${MAYA_PAGE}/subscribed_apps`, pageTokenOf(await row(t.alice.orgId)), { subscribed_fields: "messages" });
    expect(await res.json()).toEqual({ success: true });

    expect(await runMetaWebhookReconcile(t.tdb.db)).toMatchObject({ checked: 1, resubscribed: 1 });
    expect((await t.sb.subscriptions()).pages[MAYA_PAGE]).toEqual(ALL_FIELDS);
  });

  it("a revoked Page token marks needs-reconnect while another organization's Page in the same run is still resubscribed", async () => {
    await connectMeta(t.tdb.db, MAYA, t.alice);
    await connectMeta(t.tdb.db, TOMAS, t.bob);
    await unsubscribeBehindOurBack(t.bob.orgId, TOMAS_PAGE);
    const before = await row(t.alice.orgId);
    expect(await t.sb.control("/tokens/revoke", { token: pageTokenOf(before) })).toMatchObject({ revoked: 1 });

    // Batches of one: the second row is read after the first one's outcome, whichever comes first.
    expect(await runMetaWebhookReconcile(t.tdb.db, { batchSize: 1 })).toEqual({
      checked: 2,
      subscribed: 0,
      resubscribed: 1,
      needsReconnect: 1,
      failed: 0,
      checkFailed: 0,
    });

    const dead = await row(t.alice.orgId);
    expect(dead).toMatchObject({ tokenStatus: "needs_reconnect", webhookStatus: "subscribed", webhookError: null, webhookResubscribedAt: null });
    expect(dead.webhookCheckError).toMatch(/^190(\/\d+)?$/);
    expect(dead.pageAccessToken).toBe(before.pageAccessToken);
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toMatchObject({ tokenStatus: "needs_reconnect" });
    expect((await t.sb.subscriptions()).pages[TOMAS_PAGE]).toEqual(ALL_FIELDS);
    expect(await getMetaConnection(t.tdb.db, t.bob.orgId)).toMatchObject({ tokenStatus: "active", webhookStatus: "subscribed", webhookCheckError: null });

    // A dead token waits for its person: the next run does not ask Graph about it again.
    const gets = await calls(GET_SUBSCRIBED);
    expect(await runMetaWebhookReconcile(t.tdb.db)).toMatchObject({ checked: 1, subscribed: 1 });
    expect(await calls(GET_SUBSCRIBED)).toBe(gets + 1);
    // Alice's workspace was told once; Bob's nothing.
    const told = await t.tdb.db.select().from(notifications).where(eq(notifications.kind, "connection_needs_reconnect"));
    expect(told.map((n) => [n.organizationId, n.subject])).toEqual([[t.alice.orgId, "Maya's Bakery (Messenger) needs to be reconnected"]]);

    // Connecting again replaces the row: active, and the old check is forgotten.
    await connectMeta(t.tdb.db, MAYA, t.alice);
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toMatchObject({
      tokenStatus: "active",
      webhookStatus: "subscribed",
      webhookCheckedAt: null,
      webhookCheckError: null,
      webhookResubscribedAt: null,
    });
  });

  it("a 5xx from Facebook changes nothing but the last check's time and error code, and resubscribes nothing", async () => {
    await connectMeta(t.tdb.db, MAYA, t.alice);
    await unsubscribeBehindOurBack(t.alice.orgId, MAYA_PAGE);
    const before = await row(t.alice.orgId);
    await t.sb.control("/knobs", { overrides: { [GET_SUBSCRIBED]: { failureRate: 1 } } });
    const posts = await calls(POST_SUBSCRIBED);

    expect(await runMetaWebhookReconcile(t.tdb.db)).toEqual({ checked: 1, subscribed: 0, resubscribed: 0, needsReconnect: 0, failed: 0, checkFailed: 1 });

    const after = await row(t.alice.orgId);
    const { webhookCheckedAt, webhookCheckError, updatedAt } = after;
    expect({ ...before, webhookCheckedAt, webhookCheckError, updatedAt }).toEqual(after);
    expect(after).toMatchObject({ tokenStatus: "active", webhookStatus: "subscribed" });
    // Meta's transient error (#2), retried by the HTTP client, then recorded.
    expect(webhookCheckError).toBe("2");
    expect(webhookCheckedAt).not.toBeNull();
    expect(await calls(POST_SUBSCRIBED)).toBe(posts);

    // Facebook answers again: the next run finds the gap and fills it.
    await t.sb.control("/knobs", { overrides: { [GET_SUBSCRIBED]: { failureRate: 0 } } });
    expect(await runMetaWebhookReconcile(t.tdb.db)).toMatchObject({ checked: 1, resubscribed: 1 });
    expect(await row(t.alice.orgId)).toMatchObject({ webhookCheckError: null, webhookStatus: "subscribed" });
    expect((await t.sb.subscriptions()).pages[MAYA_PAGE]).toEqual(ALL_FIELDS);
  });

  it("a subscription that failed at connect (Meta could not verify our URL) is retried by the next run", async () => {
    t.sb.receiver.answers = "refuse";
    expect(await connectMeta(t.tdb.db, MAYA, t.alice)).toMatchObject({ kind: "saved", webhooks: false });
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toMatchObject({ webhookStatus: "failed" });
    // The Page level worked; only the app level failed, which the Page's answer does not show.
    expect((await t.sb.subscriptions()).pages[MAYA_PAGE]).toEqual(ALL_FIELDS);

    // Still refused: still failed, with Meta's code on the row.
    expect(await runMetaWebhookReconcile(t.tdb.db)).toMatchObject({ checked: 1, failed: 1 });
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toMatchObject({ webhookStatus: "failed", tokenStatus: "active" });
    expect((await row(t.alice.orgId)).webhookCheckError).toMatch(/^\d+/);

    t.sb.receiver.answers = "echo";
    expect(await runMetaWebhookReconcile(t.tdb.db)).toMatchObject({ checked: 1, subscribed: 1, failed: 0 });
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toMatchObject({ webhookStatus: "subscribed", webhookError: null, webhookResubscribedAt: null });
    expect(Object.keys((await t.sb.subscriptions()).app)).toHaveLength(1);
  });

  it("Check now reconciles only the caller's organization, and also a Page marked needs-reconnect", async () => {
    await connectMeta(t.tdb.db, MAYA, t.alice);
    await connectMeta(t.tdb.db, TOMAS, t.bob);
    await unsubscribeBehindOurBack(t.alice.orgId, MAYA_PAGE);
    await unsubscribeBehindOurBack(t.bob.orgId, TOMAS_PAGE);

    expect(await reconcileOrganizationWebhooks(t.tdb.db, t.alice.orgId)).toBe("resubscribed");
    const subs = await t.sb.subscriptions();
    expect(subs.pages[MAYA_PAGE]).toEqual(ALL_FIELDS);
    expect(subs.pages[TOMAS_PAGE]).toBeUndefined();
    expect((await row(t.bob.orgId)).webhookCheckedAt).toBeNull();

    // Marked by an earlier check, but Graph accepts the token now: Check now clears the mark.
    await t.tdb.db.update(organizationMetaSettings).set({ tokenStatus: "needs_reconnect" }).where(eq(organizationMetaSettings.organizationId, t.alice.orgId));
    expect(await reconcileOrganizationWebhooks(t.tdb.db, t.alice.orgId)).toBe("subscribed");
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toMatchObject({ tokenStatus: "active" });

    // Revoked: Check now says so.
    await t.sb.control("/tokens/revoke", { token: pageTokenOf(await row(t.alice.orgId)) });
    expect(await reconcileOrganizationWebhooks(t.tdb.db, t.alice.orgId)).toBe("needs_reconnect");
    expect(await reconcileOrganizationWebhooks(t.tdb.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("the queue is scheduled hourly and runs through pg-boss: a worker resubscribes an unsubscribed Page", async () => {
    await connectMeta(t.tdb.db, MAYA, t.alice);
    await unsubscribeBehindOurBack(t.alice.orgId, MAYA_PAGE);
    const boss: PgBoss = await startWorkers(t.tdb, { pollingIntervalSeconds: 0.5, schedule: false });
    try {
      expect(await boss.getSchedules()).toContainEqual(expect.objectContaining({ name: "meta-messaging-reconcile", cron: "23 * * * *" }));
      const jobId = await sendJob(boss, metaMessagingReconcileQueue, {});
      expect(await waitForJob(boss, metaMessagingReconcileQueue.name, jobId)).toBe("completed");
    } finally {
      await stopWorkers(boss);
    }
    expect((await t.sb.subscriptions()).pages[MAYA_PAGE]).toEqual(ALL_FIELDS);
    expect((await row(t.alice.orgId)).webhookResubscribedAt).not.toBeNull();
  });
});
