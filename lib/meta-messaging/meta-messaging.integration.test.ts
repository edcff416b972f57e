import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { pendingChoices } from "@/db/schema";
import { FACEBOOK_LOGINS } from "@/lib/providers/facebook/config";
import { callbackRequest } from "@/tests/support/sandbox-app";
import {
  disconnectMeta,
  getMetaConnection,
  listPendingPages,
  selectPendingPage,
  subscribeOrganizationWebhooks,
  takePendingPage,
} from "./index";
import {
  allowAs as allow,
  APP_ID,
  connectMeta,
  finishMetaConnect,
  LUCAS,
  MAYA,
  MAYA_PAGE,
  NOAH,
  startMetaConnect,
  useMetaTestEnv,
} from "@/tests/support/meta-messaging-harness";

// Organization Meta connect against the in-process sandbox, with a stand-in for our webhook
// endpoint (Meta verifies the callback URL while we subscribe the app).

const t = useMetaTestEnv();

const stats = () => t.sb.stats();
const subscriptions = () => t.sb.subscriptions();
const start = (who = t.alice) => startMetaConnect(t.tdb.db, who);
const finish = (request: Request, who = t.alice) => finishMetaConnect(t.tdb.db, request, who);
/** The whole callback as the route runs it. */
const connect = (user: string, who = t.alice) => connectMeta(t.tdb.db, user, who);

describe("the organization Meta connect", () => {
  it("asks Facebook for exactly the messaging scopes on our callback URL (O8, O5)", async () => {
    const { redirectUrl, setCookie } = await start();
    const q = new URL(redirectUrl).searchParams;
    expect(q.get("scope")!.split(",")).toEqual([...FACEBOOK_LOGINS.messaging.scopes]);
    expect(q.get("redirect_uri")).toBe(`${t.sb.appUrl}/integrations/meta-messaging/oauth/callback`);
    expect(setCookie).toMatchObject({ options: { httpOnly: true, sameSite: "lax" } });
  });

  it("a replayed callback is refused and exchanges nothing the second time (O2)", async () => {
    const begun = await start();
    const callback = await allow(begun.redirectUrl, MAYA);
    expect((await finish(callbackRequest(callback, begun.setCookie))).ok).toBe(true);
    const before = (await stats())["graph.facebook.com GET /oauth/access_token"] ?? 0;
    const again = await finish(callbackRequest(callback, begun.setCookie));
    expect(again).toMatchObject({ ok: false, code: "state_used_or_expired" });
    expect((await stats())["graph.facebook.com GET /oauth/access_token"] ?? 0).toBe(before);
  });

  it("a forged state, a missing cookie and another user's callback are refused (O1, A1)", async () => {
    const begun = await start();
    const callback = new URL(await allow(begun.redirectUrl, MAYA));
    const forged = new URL(callback);
    forged.searchParams.set("state", Buffer.alloc(32, 7).toString("base64url"));
    expect(await finish(callbackRequest(forged.toString(), begun.setCookie))).toMatchObject({ ok: false, code: "state_mismatch" });
    expect(await finish(callbackRequest(callback.toString()))).toMatchObject({ ok: false, code: "state_missing" });

    const other = await start();
    const otherCallback = await allow(other.redirectUrl, MAYA);
    expect(await finish(callbackRequest(otherCallback, other.setCookie), t.bob)).toMatchObject({ ok: false, code: "session_mismatch" });
    expect(await getMetaConnection(t.tdb.db, t.bob.orgId)).toBeNull();
  });

  it("one Page is saved with its token encrypted and subscribed at the Page and app levels, once per app", async () => {
    expect(await connect(MAYA)).toMatchObject({ kind: "saved", pageId: MAYA_PAGE, webhooks: true });
    const c = await getMetaConnection(t.tdb.db, t.alice.orgId);
    expect(c).toMatchObject({ facebookPageName: "Maya's Bakery", instagramUsername: "mayasbakery", webhookStatus: "subscribed", tokenStatus: "active" });
    expect(JSON.stringify(c)).not.toMatch(/EAA/);
    const subs = await subscriptions();
    expect(subs.pages[MAYA_PAGE]).toEqual(["messages", "message_deliveries", "message_reads", "message_echoes"]);
    expect(subs.app[APP_ID]!.page!.callbackUrl).toBe(`${t.sb.appUrl}/api/webhooks/meta`);
    expect(subs.app[APP_ID]!.instagram!.fields).toContain("messages");

    const [row] = (await t.tdb.raw.query<{ page_access_token: string }>("select page_access_token from organization_meta_settings")).rows;
    expect(row!.page_access_token).toMatch(/^v1\./);
    expect(row!.page_access_token).not.toMatch(/EAA/);

    // Idempotent app level: subscribing again does not re-create the app subscriptions.
    const before = (await stats())["graph.facebook.com POST /{id}/subscriptions"] ?? 0;
    expect(await subscribeOrganizationWebhooks(t.tdb.db, t.alice.orgId)).toEqual({ ok: true });
    expect((await stats())["graph.facebook.com POST /{id}/subscriptions"] ?? 0).toBe(before);
  });

  it("several Pages wait for the pick with their tokens as ciphertext; the picked one is saved", async () => {
    expect(await connect(LUCAS)).toEqual({ kind: "select", count: 3 });
    // One pending choice (lib/pending-choices.ts): the three Pages public, their tokens in the ciphertext only.
    const raw = (await t.tdb.raw.query<{ payload: string; choices: unknown }>("select payload, choices from pending_choices")).rows;
    expect(raw).toHaveLength(1);
    expect(raw[0]!.payload).toMatch(/^v1\.[^.]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(raw[0])).not.toMatch(/EAA/);
    const pending = await listPendingPages(t.tdb.db, t.alice.orgId, t.alice.userId);
    expect(pending.status === "ready" && pending.pages.map((p) => [p.name, p.instagramUsername])).toEqual([
      ["Oliveira Coffee Roasters", "oliveira.coffee"],
      ["Lisbon Street Food Tours", "lisbonfoodtours"],
      ["Oliveira Family Notes", null],
    ]);
    expect(JSON.stringify(pending)).not.toMatch(/EAA|token/i);

    // Bob (another organization) cannot pick from Alice's list: not found, and her list survives (A1).
    await expect(selectPendingPage(t.tdb.db, { organizationId: t.bob.orgId, userId: t.bob.userId, pageId: "110495867213049" })).rejects.toMatchObject({ code: "not_found" });
    expect((await listPendingPages(t.tdb.db, t.alice.orgId, t.alice.userId)).status).toBe("ready");

    expect(await selectPendingPage(t.tdb.db, { organizationId: t.alice.orgId, userId: t.alice.userId, pageId: "110495867213049" })).toEqual({
      pageId: "110495867213049",
      webhooks: true,
    });
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toMatchObject({ facebookPageName: "Oliveira Family Notes", instagramUsername: null, webhookStatus: "subscribed" });
    expect((await listPendingPages(t.tdb.db, t.alice.orgId, t.alice.userId)).status).toBe("none");
  });

  it("the picked Page is saved with the picture and linked Instagram account its list showed", async () => {
    expect(await connect(LUCAS)).toEqual({ kind: "select", count: 3 });
    const pending = await listPendingPages(t.tdb.db, t.alice.orgId, t.alice.userId);
    const shown = pending.status === "ready" ? pending.pages.find((p) => p.pageId === "108273645019283") : undefined;
    expect(shown).toMatchObject({ name: "Oliveira Coffee Roasters", instagramUsername: "oliveira.coffee", pictureUrl: expect.stringMatching(/^https:\/\//) });
    await selectPendingPage(t.tdb.db, { organizationId: t.alice.orgId, userId: t.alice.userId, pageId: "108273645019283" });
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toMatchObject({ facebookPageName: "Oliveira Coffee Roasters", instagramUsername: "oliveira.coffee", facebookPagePictureUrl: shown!.pictureUrl });
  });

  it("the pick expires after 5 minutes by the database clock", async () => {
    await connect(LUCAS);
    // 4 min 59 s later: still good.
    await t.tdb.db.update(pendingChoices).set({ expiresAt: sql`now() + interval '1 second'` });
    expect((await listPendingPages(t.tdb.db, t.alice.orgId, t.alice.userId)).status).toBe("ready");
    // 5 min 1 s later: expired, and picking says so.
    await t.tdb.db.update(pendingChoices).set({ expiresAt: sql`now() - interval '1 second'` });
    expect((await listPendingPages(t.tdb.db, t.alice.orgId, t.alice.userId)).status).toBe("expired");
    expect(await takePendingPage(t.tdb.db, { organizationId: t.alice.orgId, userId: t.alice.userId, pageId: "108273645019283" })).toEqual({
      ok: false,
      code: "selection_expired",
    });
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toBeNull();
  });

  it("a failed subscription keeps the Page saved; Retry subscription fixes it", async () => {
    t.sb.receiver.answers = "refuse";
    expect(await connect(MAYA)).toMatchObject({ kind: "saved", webhooks: false });
    const failed = await getMetaConnection(t.tdb.db, t.alice.orgId);
    expect(failed).toMatchObject({ facebookPageName: "Maya's Bakery", webhookStatus: "failed" });
    expect(failed!.webhookError).toMatch(/callback verification failed|Facebook answered/);
    t.sb.receiver.answers = "echo";
    // Someone else's stale app subscription would be fine too; here none was created.
    expect(await subscribeOrganizationWebhooks(t.tdb.db, t.alice.orgId)).toEqual({ ok: true });
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toMatchObject({ webhookStatus: "subscribed", webhookError: null });
  });

  it("replacing the Page unsubscribes the old one from our webhooks (issue 10 #12)", async () => {
    await connect(MAYA);
    expect((await subscriptions()).pages[MAYA_PAGE]).toBeDefined();
    expect(await connect(LUCAS)).toEqual({ kind: "select", count: 3 });
    await selectPendingPage(t.tdb.db, { organizationId: t.alice.orgId, userId: t.alice.userId, pageId: "110495867213049" });
    const subs = (await subscriptions()).pages;
    expect(subs["110495867213049"]).toBeDefined();
    expect(subs[MAYA_PAGE]).toBeUndefined();
    // Back to Maya's Page through the one-Page path: Lucas's Page is released in turn.
    expect(await connect(MAYA)).toMatchObject({ kind: "saved", pageId: MAYA_PAGE, webhooks: true });
    expect((await subscriptions()).pages["110495867213049"]).toBeUndefined();
    expect((await subscriptions()).pages[MAYA_PAGE]).toBeDefined();
  });

  it("a replaced Page that another organization still uses stays subscribed", async () => {
    await connect(MAYA, t.alice);
    await connect(MAYA, t.bob);
    await connect(LUCAS, t.alice);
    await selectPendingPage(t.tdb.db, { organizationId: t.alice.orgId, userId: t.alice.userId, pageId: "110495867213049" });
    expect((await subscriptions()).pages[MAYA_PAGE]).toEqual(["messages", "message_deliveries", "message_reads", "message_echoes"]);
    expect(await getMetaConnection(t.tdb.db, t.bob.orgId)).toMatchObject({ facebookPageName: "Maya's Bakery", webhookStatus: "subscribed" });
  });

  it("0 Pages is no_pages", async () => {
    expect(await connect(NOAH)).toEqual({ kind: "no_pages" });
  });

  it("disconnect unsubscribes the Page and deletes only the settings row", async () => {
    await connect(MAYA);
    expect((await subscriptions()).pages[MAYA_PAGE]).toBeDefined();
    expect(await disconnectMeta(t.tdb.db, t.alice.orgId)).toEqual({ unsubscribed: true });
    expect((await subscriptions()).pages[MAYA_PAGE]).toBeUndefined();
    expect(await getMetaConnection(t.tdb.db, t.alice.orgId)).toBeNull();
    // Nothing references the row: no foreign key points at organization_meta_settings.
    const refs = await t.tdb.raw.query(
      "select conname from pg_constraint where contype = 'f' and confrelid = 'organization_meta_settings'::regclass",
    );
    expect(refs.rows).toEqual([]);
    await expect(disconnectMeta(t.tdb.db, t.alice.orgId)).rejects.toMatchObject({ code: "not_connected" });
  });
});
