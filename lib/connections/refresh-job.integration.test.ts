import { beforeEach, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { eq } from "drizzle-orm";
import { memberships, socialConnections, type TSocialConnection } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { signInThroughSandbox } from "@/tests/support/instagram-login-harness";
import { startWorkers } from "@/lib/jobs";
import { sendJob } from "@/lib/jobs/queue";
import { callbackRequest, consent } from "@/tests/support/sandbox-app";
import { useJobTestEnv } from "@/tests/support/world";
import { waitForJob, stopWorkers } from "@/tests/support/jobs";
import { finishConnect, startConnect, type TConnectSession } from "./oauth-routes";
import { completePendingSelection, getPendingSelection } from "./pending";
import { runConnectionTokenRefresh, connectionTokenRefreshQueue } from "./refresh-job";
import { readAccessToken, readRefreshToken } from "./store";

const APP = "http://localhost:3000";
const DAY = 86_400_000;
const THREADS_REFRESH = "graph.threads.net GET /refresh_access_token";
const LINKEDIN_TOKEN = "www.linkedin.com POST /oauth/v2/accessToken";
const X_TOKEN = "api.x.com POST /2/oauth2/token";
const INSTAGRAM_REFRESH = "graph.instagram.com GET /refresh_access_token";
const THREADS_AVA = "26728394857610293";
const THREADS_DIEGO = "26839485761029384";
const LINKEDIN_PAGES_ADMIN = "k3Jd8ZpW1a";
const LINKEDIN_PROFILE_ONLY = "yR7cT2mQ9v";

const t = useJobTestEnv({ sandbox: true });
let owner: TConnectSession;

async function control(path: string, body: Record<string, unknown>) {
  const res = await fetch(`${t.sb.url}/__sandbox${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`sandbox control ${path} answered ${res.status}`);
}

async function calls(label: string): Promise<number> {
  return (await t.sb.stats())[label] ?? 0;
}

async function person(name: string): Promise<TConnectSession> {
  const user = await createUserWithPersonalOrg(t.tdb.db, { name, email: `${name}-${Math.random()}@example.com`, passwordHash: null });
  const [m] = await t.tdb.db.select().from(memberships).where(eq(memberships.userId, user.id));
  return { userId: user.id, organizationId: m!.organizationId, role: "owner" };
}

function cookieOf(res: Response): { name: string; value: string } {
  const [pair] = (res.headers.get("set-cookie") ?? "").split(";");
  const eqAt = pair!.indexOf("=");
  return { name: pair!.slice(0, eqAt), value: decodeURIComponent(pair!.slice(eqAt + 1)) };
}

/** Connect → consent (Allow as `user`) → callback, as the browser does it; answers where it landed. */
async function connect(platform: string, user: string, query = ""): Promise<string> {
  const start = await startConnect(t.tdb.db, new Request(`${APP}/api/social/${platform}/connect${query}`), owner, platform);
  expect(start.status).toBe(303);
  const callbackUrl = await consent(start.headers.get("location")!, "allow", user);
  const res = await finishConnect(t.tdb.db, callbackRequest(callbackUrl, cookieOf(start)), owner, platform);
  return res.headers.get("location") ?? "";
}

async function connectedRow(platform: string, providerAccountId: string): Promise<TSocialConnection> {
  const all = await t.tdb.db.select().from(socialConnections).where(eq(socialConnections.organizationId, owner.organizationId));
  const r = all.find((c) => c.platform === platform && c.providerAccountId === providerAccountId);
  if (!r) throw new Error(`no ${platform} connection ${providerAccountId}`);
  return r;
}

async function connectThreads(user: string): Promise<TSocialConnection> {
  expect(await connect("threads", user)).toContain("connected=threads");
  return connectedRow("threads", user);
}

/** A LinkedIn company page (the company app gets a refresh token): pick Harbor Analytics. */
async function connectLinkedInPage(): Promise<TSocialConnection> {
  const location = await connect("linkedin", LINKEDIN_PAGES_ADMIN, "?target=company");
  const id = /\/connections\/select\/([0-9a-f-]{36})$/.exec(location)?.[1];
  const view = await getPendingSelection(t.tdb.db, { id: id!, userId: owner.userId, organizationId: owner.organizationId });
  const harbor = view!.choices.find((c) => c.name === "Harbor Analytics")!;
  await completePendingSelection(t.tdb.db, { id: id!, userId: owner.userId, organizationId: owner.organizationId, choiceIds: [harbor.id] });
  const r = await connectedRow("linkedin", "88120456");
  expect(readRefreshToken(r)).toBeTruthy();
  return r;
}

async function row(id: string): Promise<TSocialConnection> {
  const [r] = await t.tdb.db.select().from(socialConnections).where(eq(socialConnections.id, id));
  return r!;
}

/** Our clock does not move; the stored expiry says how much of the token's life is left. */
async function setExpiresIn(id: string, ms: number) {
  await t.tdb.db.update(socialConnections).set({ tokenExpiresAt: new Date(Date.now() + ms) }).where(eq(socialConnections.id, id));
}

/** A Threads token 54 days into its 60: in its last week, where Threads' 7-day buffer starts. */
async function threadsInLastWeek(user: string): Promise<TSocialConnection> {
  const r = await connectThreads(user);
  await control("/clock", { advanceDays: 54 });
  await setExpiresIn(r.id, 6 * DAY);
  return row(r.id);
}

beforeEach(async () => {
  t.sb.sandbox.reset();
  await t.tdb.db.delete(socialConnections);
  owner = await person("owner");
});

describe("the daily refresh of long-lived connection tokens", () => {
  it("a Threads token in its last week gets another 60 days; one with weeks left is not touched", async () => {
    const due = await threadsInLastWeek(THREADS_AVA);
    const fresh = await connectThreads(THREADS_DIEGO);
    const before = await calls(THREADS_REFRESH);

    expect(await runConnectionTokenRefresh(t.tdb.db)).toEqual({ checked: 1, refreshed: 1, needsReconnect: 0, failed: 0, skipped: 0 });

    const after = await row(due.id);
    expect(after.status).toBe("active");
    expect(after.tokenVersion).toBe(due.tokenVersion + 1);
    expect((after.tokenExpiresAt!.getTime() - Date.now()) / DAY).toBeGreaterThan(59);
    expect(readAccessToken(after)).not.toBe(readAccessToken(due));
    expect(await calls(THREADS_REFRESH)).toBe(before + 1);
    expect(await row(fresh.id)).toEqual(fresh);
  });

  it("a Threads token under 24 hours old is skipped, not marked needs-reconnect", async () => {
    // Stored as due (6 days left) though Threads issued it moments ago: Threads refuses the refresh.
    const young = await connectThreads(THREADS_AVA);
    await setExpiresIn(young.id, 6 * DAY);
    const stored = await row(young.id);
    const before = await calls(THREADS_REFRESH);

    expect(await runConnectionTokenRefresh(t.tdb.db)).toEqual({ checked: 1, refreshed: 0, needsReconnect: 0, failed: 0, skipped: 1 });

    expect(await calls(THREADS_REFRESH)).toBe(before + 1);
    expect(await row(young.id)).toEqual(stored);
  });

  it("a revoked Threads token ends needs-reconnect while a LinkedIn page in the same run still refreshes", async () => {
    const dead = await threadsInLastWeek(THREADS_AVA);
    await control("/tokens/revoke", { token: readAccessToken(dead) });
    const page = await connectLinkedInPage();
    await setExpiresIn(page.id, 12 * 3_600_000);

    // Batches of one: the second row is read after the first one's outcome, whichever fails.
    const result = await runConnectionTokenRefresh(t.tdb.db, { batchSize: 1 });
    expect(result).toEqual({ checked: 2, refreshed: 1, needsReconnect: 1, failed: 0, skipped: 0 });

    const deadAfter = await row(dead.id);
    expect(deadAfter.status).toBe("needs_reconnect");
    expect(deadAfter.tokenVersion).toBe(dead.tokenVersion);
    const pageAfter = await row(page.id);
    expect(pageAfter).toMatchObject({ status: "active", tokenVersion: page.tokenVersion + 1 });
    expect((pageAfter.tokenExpiresAt!.getTime() - Date.now()) / DAY).toBeGreaterThan(59);
    expect(readRefreshToken(pageAfter)).toBe(readRefreshToken(page));

    // The marked connection waits for its person; the renewed one is no longer due.
    expect(await runConnectionTokenRefresh(t.tdb.db)).toMatchObject({ checked: 0 });
  });

  it("a 5xx from Threads leaves that connection active for the next run, and the others are still refreshed", async () => {
    const flaky = await threadsInLastWeek(THREADS_AVA);
    const page = await connectLinkedInPage();
    await setExpiresIn(page.id, 12 * 3_600_000);
    await control("/knobs", { overrides: { [THREADS_REFRESH]: { failureRate: 1 } } });

    expect(await runConnectionTokenRefresh(t.tdb.db)).toEqual({ checked: 2, refreshed: 1, needsReconnect: 0, failed: 1, skipped: 0 });
    expect(await row(flaky.id)).toEqual(flaky);
    expect((await row(page.id)).tokenVersion).toBe(page.tokenVersion + 1);

    // Threads answers again: the next run renews it.
    await control("/knobs", { overrides: { [THREADS_REFRESH]: { failureRate: 0 } } });
    expect(await runConnectionTokenRefresh(t.tdb.db)).toMatchObject({ checked: 1, refreshed: 1 });
  });

  it("X, Instagram Login and a LinkedIn profile without a refresh token are left to their own paths", async () => {
    expect(await connect("x", "")).toContain("connected=x");
    const [x] = await t.tdb.db.select().from(socialConnections).where(eq(socialConnections.platform, "x"));
    await setExpiresIn(x!.id, -60_000);
    expect(await connect("linkedin", LINKEDIN_PROFILE_ONLY, "?target=personal")).toContain("connected=linkedin");
    const [profile] = await t.tdb.db.select().from(socialConnections).where(eq(socialConnections.platform, "linkedin"));
    expect(readRefreshToken(profile!)).toBeFalsy();
    await setExpiresIn(profile!.id, 12 * 3_600_000);
    const { connectionId } = await signInThroughSandbox(t.tdb.db, "17841450000000011");
    await setExpiresIn(connectionId, 2 * DAY);
    const before = await t.tdb.db.select().from(socialConnections);
    const counts = { x: await calls(X_TOKEN), linkedin: await calls(LINKEDIN_TOKEN), instagram: await calls(INSTAGRAM_REFRESH) };

    expect(await runConnectionTokenRefresh(t.tdb.db)).toEqual({ checked: 0, refreshed: 0, needsReconnect: 0, failed: 0, skipped: 0 });

    expect({ x: await calls(X_TOKEN), linkedin: await calls(LINKEDIN_TOKEN), instagram: await calls(INSTAGRAM_REFRESH) }).toEqual(counts);
    expect(await t.tdb.db.select().from(socialConnections)).toEqual(before);
  });

  it("the queue is scheduled daily and runs through pg-boss: a worker renews a due Threads token", async () => {
    const due = await threadsInLastWeek(THREADS_AVA);
    const boss: PgBoss = await startWorkers(t.tdb, { pollingIntervalSeconds: 0.5, schedule: false });
    try {
      expect(await boss.getSchedules()).toContainEqual(expect.objectContaining({ name: "connection-token-refresh", cron: "47 4 * * *" }));
      const jobId = await sendJob(boss, connectionTokenRefreshQueue, {});
      expect(await waitForJob(boss, connectionTokenRefreshQueue.name, jobId)).toBe("completed");
    } finally {
      await stopWorkers(boss);
    }
    const after = await row(due.id);
    expect(after.tokenVersion).toBe(due.tokenVersion + 1);
    expect((after.tokenExpiresAt!.getTime() - Date.now()) / DAY).toBeGreaterThan(59);
  });
});
