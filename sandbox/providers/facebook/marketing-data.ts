/** Deterministic campaigns, ad sets, ads, creatives and insights for the fixture ad accounts. */
import { createHash } from "node:crypto";
import type { GraphNode } from "../meta/fields";

const OBJECTIVES = ["OUTCOME_SALES", "OUTCOME_TRAFFIC", "OUTCOME_AWARENESS"];
const THEMES = ["Spring Collection", "Retargeting — Cart Abandoners", "Brand Awareness"];

function n(seed: string, mod: number): number {
  return createHash("sha256").update(seed).digest().readUInt32BE(0) % mod;
}

const created = "2025-02-03T10:15:00+0000";

export interface AdEntities {
  campaigns: GraphNode[];
  adsets: GraphNode[];
  ads: GraphNode[];
  adcreatives: GraphNode[];
}

/** Three campaigns per account, two ad sets each, two ads per ad set. */
export function adEntities(actId: string): AdEntities {
  const acct = actId.replace("act_", "");
  const base = acct.slice(-6);
  const out: AdEntities = { campaigns: [], adsets: [], ads: [], adcreatives: [] };
  THEMES.forEach((theme, ci) => {
    const campaignId = `2385${base}${ci}001`;
    const status = ci === 2 ? "PAUSED" : "ACTIVE";
    out.campaigns.push({
      __type: "Campaign",
      id: campaignId,
      account_id: acct,
      name: theme,
      objective: OBJECTIVES[ci],
      status,
      effective_status: status,
      daily_budget: String(2000 + n(campaignId, 8000)),
      buying_type: "AUCTION",
      created_time: created,
      start_time: created,
      special_ad_categories: [],
    });
    for (let si = 0; si < 2; si++) {
      const adsetId = `2385${base}${ci}${si}11`;
      out.adsets.push({
        __type: "AdSet",
        id: adsetId,
        account_id: acct,
        campaign_id: campaignId,
        name: `${theme} — ${si === 0 ? "Lookalike 1%" : "Interests"}`,
        status,
        effective_status: status,
        daily_budget: String(1000 + n(adsetId, 4000)),
        optimization_goal: ci === 2 ? "REACH" : "OFFSITE_CONVERSIONS",
        billing_event: "IMPRESSIONS",
        targeting: { geo_locations: { countries: ["US", "GB"] }, age_min: 18, age_max: 65 },
        created_time: created,
      });
      for (let ai = 0; ai < 2; ai++) {
        const adId = `2385${base}${ci}${si}${ai}2`;
        const creativeId = `2385${base}${ci}${si}${ai}3`;
        out.ads.push({
          __type: "Ad",
          id: adId,
          account_id: acct,
          campaign_id: campaignId,
          adset_id: adsetId,
          name: `${theme} — Ad ${si * 2 + ai + 1}`,
          status,
          effective_status: status,
          creative: { __type: "AdCreative", id: creativeId },
          created_time: created,
        });
        out.adcreatives.push({
          __type: "AdCreative",
          id: creativeId,
          account_id: acct,
          name: `Creative ${si * 2 + ai + 1} — ${theme}`,
          title: theme,
          body: "Handmade, shipped in two days.",
          call_to_action_type: "SHOP_NOW",
          status: "ACTIVE",
        });
      }
    }
  });
  return out;
}

export const DATE_PRESETS = ["today", "yesterday", "this_month", "last_month", "this_quarter", "maximum", "last_3d", "last_7d", "last_14d", "last_28d", "last_30d", "last_90d", "this_year", "last_year"];

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** [since, until] (inclusive, YYYY-MM-DD) for a preset relative to `now`. */
export function presetRange(preset: string, now: number): [string, string] {
  const today = Math.floor(now / DAY) * DAY;
  const d = new Date(today);
  const days = /^last_(\d+)d$/.exec(preset);
  if (days) return [iso(today - Number(days[1]) * DAY), iso(today - DAY)];
  switch (preset) {
    case "today":
      return [iso(today), iso(today)];
    case "yesterday":
      return [iso(today - DAY), iso(today - DAY)];
    case "this_month":
      return [iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)), iso(today)];
    case "last_month":
      return [iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)), iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0))];
    case "this_quarter":
      return [iso(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1)), iso(today)];
    case "this_year":
      return [iso(Date.UTC(d.getUTCFullYear(), 0, 1)), iso(today)];
    case "last_year":
      return [iso(Date.UTC(d.getUTCFullYear() - 1, 0, 1)), iso(Date.UTC(d.getUTCFullYear() - 1, 11, 31))];
    case "maximum":
      return ["2025-02-03", iso(today)];
    default:
      return [iso(today - 30 * DAY), iso(today - DAY)];
  }
}

export const BREAKDOWN_VALUES: Record<string, string[]> = {
  age: ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"],
  gender: ["female", "male", "unknown"],
  country: ["GB", "NG", "US"],
  publisher_platform: ["facebook", "instagram", "audience_network"],
};

/** Metrics for one entity over [since, until], stable across calls. */
export function metrics(seed: string, since: string, until: string): Record<string, string> {
  const days = Math.max(1, Math.round((Date.parse(until) - Date.parse(since)) / DAY) + 1);
  const impressions = days * (800 + n(seed, 4000));
  const clicks = Math.round(impressions * (0.008 + n(seed + "c", 20) / 1000));
  const spend = (impressions / 1000) * (4 + n(seed + "s", 900) / 100);
  const reach = Math.round(impressions * 0.72);
  return {
    impressions: String(impressions),
    reach: String(reach),
    clicks: String(clicks),
    spend: spend.toFixed(2),
    cpc: (spend / Math.max(1, clicks)).toFixed(6),
    cpm: ((spend / impressions) * 1000).toFixed(6),
    ctr: ((clicks / impressions) * 100).toFixed(6),
    frequency: (impressions / reach).toFixed(6),
  };
}
