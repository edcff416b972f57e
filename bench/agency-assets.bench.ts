/**
 * The agency's asset listing (MetaAssetSelector and `GET /api/client-assets/{id}/meta_ads`) for a
 * client with 3 businesses, 60 Pages and 10 ad accounts, at 100 ms sandbox latency: upstream round
 * trips and wall time.
 */
import type { Bench, BenchRow } from "./support/types";
import { LATENCY_MS, median, startMetaBench } from "./support/meta";

const RUNS = 3;
const SOFIA = "10164000000000001";

export const bench: Bench = {
  name: "agency-assets",
  async run(): Promise<BenchRow[]> {
    const b = await startMetaBench();
    try {
      const { beginOAuth } = await import("@/lib/oauth");
      const { exchangeCode } = await import("@/lib/oauth/token");
      const { agencyAccessLogin, AGENCY_ACCESS_CALLBACK_PATH, AGENCY_ACCESS_PURPOSE } = await import("@/lib/agency/login");
      const { listClientAssets } = await import("@/lib/agency/assets");
      const { exchangeForLongLived } = await import("@/lib/providers/facebook/login");
      const { facebookCredentials } = await import("@/lib/providers/facebook/config");
      const { FB, adAccountsOfUser, igAccountsOfUser, pagesOfUser } = await import("@/sandbox/providers/facebook/fixtures");
      const { env } = await import("@/lib/env");
      const creds = facebookCredentials(env())!;

      const { redirectUrl } = await beginOAuth(b.db, { provider: agencyAccessLogin, platform: "facebook", purpose: AGENCY_ACCESS_PURPOSE, userId: null, organizationId: null, redirectPath: AGENCY_ACCESS_CALLBACK_PATH });
      // The dialog as the client leaves it: every business, Page, Instagram and ad account ticked.
      const u = new URL(redirectUrl);
      const form = new URLSearchParams(u.searchParams);
      form.set("decision", "allow");
      form.set("sandbox_user", SOFIA);
      for (const id of FB.user(SOFIA)!.businessIds) form.append("business_ids", id);
      for (const p of pagesOfUser(SOFIA)) form.append("page_ids", p.page.id);
      for (const a of igAccountsOfUser(SOFIA)) form.append("ig_ids", a.id);
      for (const a of adAccountsOfUser(SOFIA)) form.append("ad_account_ids", a.id);
      const res = await fetch(`${u.origin}${u.pathname}`, { method: "POST", body: form, redirect: "manual" });
      const code = new URL(res.headers.get("location")!).searchParams.get("code")!;
      const short = await exchangeCode(agencyAccessLogin, creds, { code, redirectUri: `${env().APP_URL}${AGENCY_ACCESS_CALLBACK_PATH}` });
      const token = (await exchangeForLongLived(short.accessToken, creds)).access_token;

      await b.setLatency(LATENCY_MS);
      const times: number[] = [];
      let upstream = { total: 0, byRoute: {} as Record<string, number> };
      let counts = "";
      for (let i = 0; i < RUNS; i++) {
        const before = await b.stats();
        const t0 = performance.now();
        const assets = await listClientAssets(token, creds);
        times.push(performance.now() - t0);
        upstream = b.upstreamBetween(before, await b.stats());
        counts = `${assets.adAccounts.length} ad accounts, ${assets.pages.length} Pages, ${assets.instagramAccounts.length} Instagram accounts from ${assets.businesses.length} businesses`;
      }
      const batches = upstream.byRoute["graph.facebook.com POST / (batch)"] ?? 0;
      return [
        {
          bench: "agency-assets",
          approach: "Graph batches: user lists, then every business's Instagram edges",
          upstreamRequests: batches,
          serverMs: median(times),
          runs: RUNS,
          note: `${counts}; ${upstream.total} upstream requests in all; ${LATENCY_MS} ms latency`,
        },
      ];
    } finally {
      await b.close();
    }
  },
};
