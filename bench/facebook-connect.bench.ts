/**
 * Creator Facebook connect of the 60-Page sandbox user with 100 ms sandbox latency: upstream
 * requests and server time of the callback's provider work (code exchange, long-lived exchange,
 * Pages listing), beside the one-call-per-Page approach.
 */
import type { Bench, BenchRow } from "./support/types";
import { LATENCY_MS, measureOneCallPerPage, median, startMetaBench } from "./support/meta";

const RUNS = 5;

export const bench: Bench = {
  name: "facebook-connect",
  async run(): Promise<BenchRow[]> {
    const b = await startMetaBench();
    try {
      const { beginOAuth, finishOAuth } = await import("@/lib/oauth");
      const { facebookProvider } = await import("@/lib/providers/facebook/provider");

      const start = async () => {
        await b.setLatency(0);
        const begun = await beginOAuth(b.db, { provider: facebookProvider, platform: "facebook", purpose: "connect", userId: b.userId, organizationId: b.organizationId });
        const callbackUrl = await b.allowAsPriya(begun.redirectUrl);
        await b.setLatency(LATENCY_MS);
        return { callbackUrl, cookie: begun.setCookie };
      };

      const times: number[] = [];
      let requests = 0;
      let accounts = 0;
      for (let i = 0; i < RUNS; i++) {
        const { callbackUrl, cookie } = await start();
        const before = await b.stats();
        const t0 = performance.now();
        const r = await finishOAuth(b.db, {
          provider: facebookProvider,
          platform: "facebook",
          purpose: "connect",
          request: b.callbackRequest(callbackUrl, cookie),
          userId: b.userId,
          organizationId: b.organizationId,
        });
        if (!r.ok) throw new Error(`finishOAuth failed: ${r.code}`);
        const found = await facebookProvider.fetchAccounts(r.token, r.ctx);
        accounts = found.ok ? found.accounts.length : 0;
        times.push(performance.now() - t0);
        requests = b.upstreamBetween(before, await b.stats()).total;
      }

      const name = "facebook-connect (60 Pages, 100 ms)";
      const { callbackUrl } = await start();
      const oneCallPerPage = await measureOneCallPerPage(b, name, callbackUrl, "/api/social/facebook/callback");

      return [
        {
          bench: name,
          approach: "one batch: me/permissions + paged me/accounts (expanded, limit=100)",
          upstreamRequests: requests,
          serverMs: median(times),
          runs: RUNS,
          target: { maxRequests: 3, maxMs: 400 },
          note: `${accounts} Pages; fastest run ${(Math.min(...times) / 1000).toFixed(3)} s`,
        },
        oneCallPerPage,
      ];
    } finally {
      await b.close();
    }
  },
};
