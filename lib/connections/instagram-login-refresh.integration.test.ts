import { beforeEach, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { eq } from "drizzle-orm";
import { socialConnections, type TSocialConnection } from "@/db/schema";
import { readAccessToken } from "@/lib/connections/store";
import { startWorkers } from "@/lib/jobs";
import { sendJob } from "@/lib/jobs/queue";
import { ProviderError } from "@/lib/providers/types";
import { markNeedsReconnectOnError, refreshInstagramConnection, runInstagramTokenRefresh, instagramLoginTokenRefreshQueue } from "./instagram-login-refresh";
import { AVA, KENJI, LENA, signInThroughSandbox, useInstagramTestEnv } from "@/tests/support/instagram-login-harness";
import { waitForJob, stopWorkers } from "@/tests/support/jobs";

const DAY = 86_400_000;
const t = useInstagramTestEnv({ resetEachTest: true });

beforeEach(async () => {
  await t.database.db.delete(socialConnections);
});

async function row(id: string): Promise<TSocialConnection> {
  const [r] = await t.database.db.select().from(socialConnections).where(eq(socialConnections.id, id));
  return r!;
}

/** Our clock does not move; the stored expiry says how much of the token's life has passed. */
async function setExpiresIn(id: string, ms: number) {
  await t.database.db.update(socialConnections).set({ tokenExpiresAt: new Date(Date.now() + ms) }).where(eq(socialConnections.id, id));
}

describe("refreshing Instagram Login tokens (ig_refresh_token) against the sandbox", () => {
  it("the daily job gives an eligible token (31 days old, 29 left) another 60 days", async () => {
    const { connectionId } = await signInThroughSandbox(t.database.db, AVA.accountId);
    const before = await row(connectionId);
    await t.sandbox.advanceDays(31);
    await setExpiresIn(connectionId, 29 * DAY);

    const result = await runInstagramTokenRefresh(t.database.db);
    expect(result).toMatchObject({ checked: 1, refreshed: 1, needsReconnect: 0, failed: 0 });
    const after = await row(connectionId);
    expect(after.status).toBe("active");
    expect(after.tokenVersion).toBe(before.tokenVersion + 1);
    expect((after.tokenExpiresAt!.getTime() - Date.now()) / DAY).toBeGreaterThan(59);
    expect(readAccessToken(after)).not.toBe(readAccessToken(before));
    expect((await t.sandbox.stats())["graph.instagram.com GET /refresh_access_token"]).toBe(1);
  });

  it("the job leaves tokens with more than 30 days left alone, and runs as a pg-boss queue", async () => {
    await signInThroughSandbox(t.database.db, KENJI.accountId);
    const boss: PgBoss = await startWorkers(t.database, { pollingIntervalSeconds: 0.5, schedule: false });
    try {
      const jobId = await sendJob(boss, instagramLoginTokenRefreshQueue, {});
      expect(await waitForJob(boss, instagramLoginTokenRefreshQueue.name, jobId)).toBe("completed");
    } finally {
      await stopWorkers(boss);
    }
    expect((await t.sandbox.stats())["graph.instagram.com GET /refresh_access_token"]).toBeUndefined();
  });

  it("a token younger than 24 h is skipped: 'Refresh now' says so without asking Instagram, and the job takes Instagram's no", async () => {
    const { connectionId } = await signInThroughSandbox(t.database.db, AVA.accountId);
    expect(await refreshInstagramConnection(t.database.db, await row(connectionId), { force: true })).toBe("too_young");
    expect((await t.sandbox.stats())["graph.instagram.com GET /refresh_access_token"]).toBeUndefined();

    // Stored as due (29 days left) though Instagram issued it minutes ago: Instagram refuses, nothing changes.
    await setExpiresIn(connectionId, 29 * DAY);
    const before = await row(connectionId);
    const result = await runInstagramTokenRefresh(t.database.db);
    expect(result).toMatchObject({ checked: 1, refreshed: 0, skipped: 1, needsReconnect: 0 });
    const after = await row(connectionId);
    expect(after).toMatchObject({ status: "active", tokenVersion: before.tokenVersion });
    expect((await t.sandbox.stats())["graph.instagram.com GET /refresh_access_token"]).toBe(1);
  });

  it("'Refresh now' refreshes any token at least a day old", async () => {
    const { connectionId } = await signInThroughSandbox(t.database.db, LENA.accountId);
    await t.sandbox.advanceDays(2);
    await setExpiresIn(connectionId, 58 * DAY);
    expect(await refreshInstagramConnection(t.database.db, await row(connectionId))).toBe("not_due");
    expect(await refreshInstagramConnection(t.database.db, await row(connectionId), { force: true })).toBe("refreshed");
    expect(((await row(connectionId)).tokenExpiresAt!.getTime() - Date.now()) / DAY).toBeGreaterThan(59);
  });

  it("an expired token (Instagram #190) marks the connection needs-reconnect", async () => {
    const { connectionId } = await signInThroughSandbox(t.database.db, AVA.accountId);
    await t.sandbox.advanceDays(61);
    // We still think it has a day left; Instagram knows better.
    await setExpiresIn(connectionId, 1 * DAY);
    const result = await runInstagramTokenRefresh(t.database.db);
    expect(result).toMatchObject({ checked: 1, refreshed: 0, needsReconnect: 1 });
    expect((await row(connectionId)).status).toBe("needs_reconnect");
    // Marked connections are not tried again.
    expect(await runInstagramTokenRefresh(t.database.db)).toMatchObject({ checked: 0 });
  });

  it("a token already past its stored expiry is marked needs-reconnect without a call", async () => {
    const { connectionId } = await signInThroughSandbox(t.database.db, KENJI.accountId);
    await setExpiresIn(connectionId, -1 * DAY);
    expect(await runInstagramTokenRefresh(t.database.db)).toMatchObject({ needsReconnect: 1 });
    expect((await row(connectionId)).status).toBe("needs_reconnect");
    expect((await t.sandbox.stats())["graph.instagram.com GET /refresh_access_token"]).toBeUndefined();
  });

  it("a 5xx from Instagram leaves the connection as it was (retried tomorrow)", async () => {
    const { connectionId } = await signInThroughSandbox(t.database.db, AVA.accountId);
    await t.sandbox.advanceDays(31);
    await setExpiresIn(connectionId, 29 * DAY);
    await t.sandbox.control("/knobs", { overrides: { "graph.instagram.com": { failureRate: 1 } } });
    expect(await runInstagramTokenRefresh(t.database.db)).toMatchObject({ failed: 1, needsReconnect: 0 });
    expect((await row(connectionId)).status).toBe("active");
  });

  it("later calls: #190 and permission errors (#10, #200) mark needs-reconnect; a rate limit does not", async () => {
    const { connectionId } = await signInThroughSandbox(t.database.db, AVA.accountId);
    const r = await row(connectionId);
    expect(await markNeedsReconnectOnError(t.database.db, r, new ProviderError("rate_limit", "slow down", { providerCode: "4" }))).toBe(false);
    expect(await markNeedsReconnectOnError(t.database.db, r, new ProviderError("permission", "(#10)", { providerCode: "10" }))).toBe(true);
    expect((await row(connectionId)).status).toBe("needs_reconnect");
    // Reconnecting (signing in again) brings it back, and a stale version cannot condemn the new token.
    await signInThroughSandbox(t.database.db, AVA.accountId);
    expect((await row(connectionId)).status).toBe("active");
    expect(await markNeedsReconnectOnError(t.database.db, r, new ProviderError("auth", "(#190)", { providerCode: "190" }))).toBe(false);
    expect((await row(connectionId)).status).toBe("active");
  });
});
