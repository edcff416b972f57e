/**
 * `ads_insights` for 10 ad accounts × 90 days (daily rows) at 100 ms sandbox latency through the
 * connector API's execute, against the naive one call per account per day.
 */
import type { Bench, BenchRow } from "./support/types";
import { LATENCY_MS, median, startMetaBench } from "./support/meta";

const RUNS = 3;
const NORTHWIND_SYSTEM_USER = "61550000000000002";
const ACCOUNTS = Array.from({ length: 10 }, (_, i) => `act_9100000000000${String(i + 1).padStart(2, "0")}`);
const DAYS = 90;
/** The naive approach is timed on this many accounts and scaled to all ten (it takes ~9 s per account). */
const NAIVE_SAMPLE = 2;

function isoDay(offset: number): string {
  return new Date(Date.UTC(2026, 8, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

export const bench: Bench = {
  name: "connector-insights",
  async run(): Promise<BenchRow[]> {
    const b = await startMetaBench();
    try {
      const { executeAction } = await import("@/lib/connectors/entities");
      const { debugToken } = await import("@/lib/providers/facebook/ads");
      const { insightsPage } = await import("@/lib/providers/facebook/ads");
      const { facebookCredentials } = await import("@/lib/providers/facebook/config");
      const { env } = await import("@/lib/env");
      const res = await fetch(`${b.sandboxUrl}/__sandbox/meta/system-user-token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ system_user_id: NORTHWIND_SYSTEM_USER, scopes: ["ads_read"] }) });
      const token = ((await res.json()) as { access_token: string }).access_token;
      const creds = facebookCredentials(env())!;
      const call = { token, creds };
      const scopes = (await debugToken(token, creds)).scopes;
      const ctx = { db: b.db, call, connector: { id: "bench", organizationId: b.organizationId, accountIds: ACCOUNTS, allowWrites: false, scopes }, apiKeyId: null };
      const range = { since: isoDay(0), until: isoDay(DAYS - 1) };

      await b.setLatency(LATENCY_MS);
      const times: number[] = [];
      let requests = 0;
      let rows = 0;
      for (let i = 0; i < RUNS; i++) {
        const before = await b.stats();
        const t0 = performance.now();
        const out = await executeAction(ctx, "ads_insights", "list", { fields: "spend,impressions,clicks", time_range: range, time_increment: 1 });
        times.push(performance.now() - t0);
        rows = (out.data as unknown[]).length;
        requests = b.upstreamBetween(before, await b.stats()).total;
      }

      // Naive: one synchronous insights call per account per day.
      const before = await b.stats();
      const t0 = performance.now();
      let naiveRows = 0;
      for (const acct of ACCOUNTS.slice(0, NAIVE_SAMPLE)) {
        for (let d = 0; d < DAYS; d++) {
          const day = isoDay(d);
          naiveRows += (await insightsPage(call, acct, { fields: "spend,impressions,clicks", time_range: { since: day, until: day } }, { limit: 25 })).data.length;
        }
      }
      const naiveMs = ((performance.now() - t0) * ACCOUNTS.length) / NAIVE_SAMPLE;
      const naiveRequests = (b.upstreamBetween(before, await b.stats()).total * ACCOUNTS.length) / NAIVE_SAMPLE;
      await b.setLatency(0);

      const name = `ads_insights (10 accounts × ${DAYS} days, ${LATENCY_MS} ms)`;
      return [
        {
          bench: name,
          approach: "execute: one Graph batch of 10 account queries (time_increment=1, limit=500)",
          upstreamRequests: requests,
          serverMs: median(times),
          runs: RUNS,
          note: `${rows} rows in one upstream HTTP request (Meta counts each of the 10 operations toward its rate limits)`,
        },
        {
          bench: name,
          approach: "naive: one call per account per day",
          upstreamRequests: naiveRequests,
          serverMs: naiveMs,
          runs: 1,
          note: `timed on ${NAIVE_SAMPLE} accounts (${naiveRows} rows) and scaled ×${ACCOUNTS.length / NAIVE_SAMPLE}`,
        },
      ];
    } finally {
      await b.close();
    }
  },
};
