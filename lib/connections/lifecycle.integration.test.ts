import { beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { memberships, notifications, socialConnections, type TSocialConnection } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { pageSubscribedApps } from "@/lib/providers/facebook/subscriptions";
import { getOAuthProvider } from "@/lib/providers";
import { callbackRequest, consent } from "@/tests/support/sandbox-app";
import { useJobTestEnv } from "@/tests/support/world";
import { runConnectionExpiryCheck } from "./lifecycle";
import { finishConnect, startConnect, type TConnectSession } from "./oauth-routes";
import { NeedsReconnectError } from "./refresh";
import { readAccessToken } from "./store";
import { withConnectionToken } from "./use";

// Expiry warnings and needs-reconnect, against the in-process sandbox: each event notifies the
// workspace once, however often the job runs.

const APP = "http://localhost:3000";
const DAY = 86_400_000;
const LINKEDIN_PRIYA = "yR7cT2mQ9v";
const THREADS_AVA = "26728394857610293";
const FACEBOOK_MAYA = "10160938475610293";
const MAYA_PAGE = "104857392016482";

const t = useJobTestEnv({ sandbox: true });
let owner: TConnectSession;

beforeEach(async () => {
  t.sb.sandbox.reset();
  const user = await createUserWithPersonalOrg(t.tdb.db, { name: "Owner", email: `owner-${Math.random()}@example.com`, passwordHash: null });
  const [m] = await t.tdb.db.select().from(memberships).where(eq(memberships.userId, user.id));
  owner = { userId: user.id, organizationId: m!.organizationId, role: "owner" };
});

function cookieOf(res: Response): { name: string; value: string } {
  const [pair] = (res.headers.get("set-cookie") ?? "").split(";");
  const at = pair!.indexOf("=");
  return { name: pair!.slice(0, at), value: decodeURIComponent(pair!.slice(at + 1)) };
}

async function connect(platform: string, user: string, providerAccountId: string, assets: Record<string, string> = {}): Promise<TSocialConnection> {
  const start = await startConnect(t.tdb.db, new Request(`${APP}/api/social/${platform}/connect`), owner, platform);
  const callbackUrl = await consent(start.headers.get("location")!, "allow", user, assets);
  const res = await finishConnect(t.tdb.db, callbackRequest(callbackUrl, cookieOf(start)), owner, platform);
  expect(res.headers.get("location")).toContain(`connected=${platform}`);
  const [row] = await t.tdb.db
    .select()
    .from(socialConnections)
    .where(and(eq(socialConnections.organizationId, owner.organizationId), eq(socialConnections.providerAccountId, providerAccountId)));
  return row!;
}

async function row(id: string) {
  const [r] = await t.tdb.db.select().from(socialConnections).where(eq(socialConnections.id, id));
  return r!;
}
const setExpiresIn = (id: string, ms: number) => t.tdb.db.update(socialConnections).set({ tokenExpiresAt: new Date(Date.now() + ms) }).where(eq(socialConnections.id, id));
const mine = () => t.tdb.db.select().from(notifications).where(eq(notifications.organizationId, owner.organizationId));

describe("expiry warnings", () => {
  it("a token no one can renew with 9 days left is marked expiring and notifies once across three job runs; after expiry, expired once", async () => {
    const linkedin = await connect("linkedin", LINKEDIN_PRIYA, LINKEDIN_PRIYA);
    expect(linkedin.refreshToken).toBeNull();
    await setExpiresIn(linkedin.id, 9 * DAY);

    expect(await runConnectionExpiryCheck(t.tdb.db)).toEqual({ expiring: 1, expired: 0 });
    expect(await runConnectionExpiryCheck(t.tdb.db)).toEqual({ expiring: 0, expired: 0 });
    await runConnectionExpiryCheck(t.tdb.db);

    expect((await row(linkedin.id)).status).toBe("expiring");
    const sent = await mine();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      kind: "connection_expiring",
      userId: owner.userId,
      subject: "Priya Raman (LinkedIn) expires in 9 days",
      link: `/api/social/linkedin/connect?target=personal&reconnect=${linkedin.id}`,
    });

    await setExpiresIn(linkedin.id, -60_000);
    expect(await runConnectionExpiryCheck(t.tdb.db)).toEqual({ expiring: 0, expired: 1 });
    await runConnectionExpiryCheck(t.tdb.db);
    expect((await row(linkedin.id)).status).toBe("expired");
    expect((await mine()).map((n) => n.kind).sort()).toEqual(["connection_expired", "connection_expiring"]);
    // An expired connection's token is not handed out.
    await expect(withConnectionToken(t.tdb.db, linkedin.id, { organizationId: owner.organizationId }, async () => "used")).rejects.toBeInstanceOf(NeedsReconnectError);
  });

  it("a token we renew ourselves is not warned while its refresh can still happen (Threads: 9 days left), only once it missed it (5 days)", async () => {
    const threads = await connect("threads", THREADS_AVA, THREADS_AVA);
    await setExpiresIn(threads.id, 9 * DAY);
    expect(await runConnectionExpiryCheck(t.tdb.db)).toEqual({ expiring: 0, expired: 0 });
    expect(await mine()).toHaveLength(0);
    await setExpiresIn(threads.id, 5 * DAY);
    expect(await runConnectionExpiryCheck(t.tdb.db)).toEqual({ expiring: 1, expired: 0 });
    expect(await mine()).toHaveLength(1);
  });

  it("a reconnect (a new token version) is warned again when it too runs low", async () => {
    const linkedin = await connect("linkedin", LINKEDIN_PRIYA, LINKEDIN_PRIYA);
    await setExpiresIn(linkedin.id, 9 * DAY);
    await runConnectionExpiryCheck(t.tdb.db);
    const again = await connect("linkedin", LINKEDIN_PRIYA, LINKEDIN_PRIYA);
    expect(again.id).toBe(linkedin.id);
    expect(again.tokenVersion).toBeGreaterThan(linkedin.tokenVersion);
    expect(again.status).toBe("active");
    await setExpiresIn(linkedin.id, 8 * DAY);
    await runConnectionExpiryCheck(t.tdb.db);
    expect(await mine()).toHaveLength(2);
  });
});

describe("needs reconnect during use", () => {
  const creds = () => getOAuthProvider("facebook")!.oauth.credentials(env(), "personal")!;
  const check = (token: string) => pageSubscribedApps(MAYA_PAGE, token, creds());

  it("a 190 during use marks the connection needs-reconnect at once and notifies once", async () => {
    const page = await connect("facebook", FACEBOOK_MAYA, MAYA_PAGE, { page_ids: MAYA_PAGE });
    const use = () => withConnectionToken(t.tdb.db, page.id, { organizationId: owner.organizationId }, (token) => check(token));
    await use();
    expect(await mine()).toHaveLength(0);

    await fetch(`${t.sb.url}/__sandbox/tokens/revoke`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: readAccessToken(page) }) });
    const failure = await use().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NeedsReconnectError);
    expect((failure as Error).cause).toMatchObject({ kind: "auth", providerCode: expect.stringMatching(/^190/) });
    expect((await row(page.id)).status).toBe("needs_reconnect");
    // Used again (another job, another request): refused before any provider call, nothing new.
    const before = (await t.sb.stats())["graph.facebook.com GET /{id}/subscribed_apps"] ?? 0;
    await expect(use()).rejects.toBeInstanceOf(NeedsReconnectError);
    expect((await t.sb.stats())["graph.facebook.com GET /{id}/subscribed_apps"] ?? 0).toBe(before);
    const sent = await mine();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: "connection_needs_reconnect", subject: "Maya's Bakery (Facebook Page) needs to be reconnected" });
  });

  it("a 5xx during use changes nothing (J3)", async () => {
    const page = await connect("facebook", FACEBOOK_MAYA, MAYA_PAGE, { page_ids: MAYA_PAGE });
    await fetch(`${t.sb.url}/__sandbox/knobs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ failureRate: 1 }) });
    const failure = await withConnectionToken(t.tdb.db, page.id, { organizationId: owner.organizationId }, (token) => check(token)).catch((e: unknown) => e);
    expect(failure).not.toBeInstanceOf(NeedsReconnectError);
    expect((await row(page.id)).status).toBe("active");
    expect(await mine()).toHaveLength(0);
  });

  it("J1: three callers need one X connection with an expired token: one refresh, all use the new token", async () => {
    const x = await connect("x", "1719203847561234433", "1719203847561234433");
    await setExpiresIn(x.id, -60_000);
    const before = (await t.sb.stats())["api.x.com POST /2/oauth2/token"] ?? 0;
    const seen = await Promise.all([1, 2, 3].map(() => withConnectionToken(t.tdb.db, x.id, { organizationId: owner.organizationId }, async (token) => token)));
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).not.toBe(readAccessToken(x));
    expect((await t.sb.stats())["api.x.com POST /2/oauth2/token"] ?? 0).toBe(before + 1);
    expect((await row(x.id)).tokenVersion).toBe(x.tokenVersion + 1);
  });

  it("an X connection whose refresh token is gone needs reconnect once its token expires, without a token request", async () => {
    const x = await connect("x", "1719203847561234433", "1719203847561234433");
    await t.tdb.db.update(socialConnections).set({ refreshToken: null, tokenExpiresAt: new Date(Date.now() - 60_000) }).where(eq(socialConnections.id, x.id));
    const before = (await t.sb.stats())["api.x.com POST /2/oauth2/token"] ?? 0;
    const failure = await withConnectionToken(t.tdb.db, x.id, { organizationId: owner.organizationId }, async (token) => token).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NeedsReconnectError);
    expect((await row(x.id)).status).toBe("needs_reconnect");
    expect((await t.sb.stats())["api.x.com POST /2/oauth2/token"] ?? 0).toBe(before);
  });

  it("another organization's connection id is not found (A1)", async () => {
    const page = await connect("facebook", FACEBOOK_MAYA, MAYA_PAGE, { page_ids: MAYA_PAGE });
    const other = await createUserWithPersonalOrg(t.tdb.db, { name: "Eve", email: `eve-${Math.random()}@example.com`, passwordHash: null });
    const [m] = await t.tdb.db.select().from(memberships).where(eq(memberships.userId, other.id));
    await expect(withConnectionToken(t.tdb.db, page.id, { organizationId: m!.organizationId }, async () => "used")).rejects.toThrow(/not found/i);
  });
});
