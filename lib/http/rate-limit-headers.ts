import { z } from "zod";

// Meta documents these usage headers as JSON with percentages (0–100) per metric.
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting
const pct = z.number().optional();

export const ZMetaAppUsage = z.looseObject({ call_count: pct, total_time: pct, total_cputime: pct });
export type TMetaAppUsage = z.infer<typeof ZMetaAppUsage>;

export const ZMetaBusinessUseCaseUsage = z.record(
  z.string(),
  z.array(
    z.looseObject({
      type: z.string().optional(),
      call_count: pct,
      total_time: pct,
      total_cputime: pct,
      estimated_time_to_regain_access: z.number().optional(),
    }),
  ),
);
export type TMetaBusinessUseCaseUsage = z.infer<typeof ZMetaBusinessUseCaseUsage>;

export const ZMetaAdAccountUsage = z.looseObject({
  acc_id_util_pct: pct,
  reset_time_duration: z.number().optional(),
  ads_api_access_tier: z.string().optional(),
});
export type TMetaAdAccountUsage = z.infer<typeof ZMetaAdAccountUsage>;

/** Rate-limit information a provider returned with a response; every field is optional. */
export interface RateLimitInfo {
  /** X: `x-rate-limit-limit`. */
  limit?: number;
  /** X: `x-rate-limit-remaining`. */
  remaining?: number;
  /** X: `x-rate-limit-reset` (epoch seconds) as a date. */
  resetAt?: Date;
  /** `Retry-After` (seconds or HTTP date) converted to seconds from now. */
  retryAfterSeconds?: number;
  /** Meta `x-app-usage`. */
  appUsage?: TMetaAppUsage;
  /** Meta `x-page-usage`. */
  pageUsage?: TMetaAppUsage;
  /** Meta `x-business-use-case-usage`, keyed by business object id. */
  businessUseCaseUsage?: TMetaBusinessUseCaseUsage;
  /** Meta `x-ad-account-usage`. */
  adAccountUsage?: TMetaAdAccountUsage;
  /** The highest Meta usage percentage across all the headers above (100 = throttled). */
  metaUsagePercent?: number;
}

interface HeaderSource {
  get(name: string): string | null;
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into whole seconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

function int(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

function jsonHeader<S extends z.ZodType>(value: string | null, schema: S): z.output<S> | undefined {
  if (!value) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function highestPercent(info: RateLimitInfo): number | undefined {
  const values: number[] = [];
  const add = (u: { call_count?: number; total_time?: number; total_cputime?: number } | undefined) => {
    for (const v of [u?.call_count, u?.total_time, u?.total_cputime]) if (typeof v === "number") values.push(v);
  };
  add(info.appUsage);
  add(info.pageUsage);
  for (const entries of Object.values(info.businessUseCaseUsage ?? {})) entries.forEach(add);
  if (typeof info.adAccountUsage?.acc_id_util_pct === "number") values.push(info.adAccountUsage.acc_id_util_pct);
  return values.length ? Math.max(...values) : undefined;
}

/** Reads X and Meta rate-limit headers and `Retry-After` (Telegram's `retry_after` lives in the body). */
export function parseRateLimitHeaders(headers: HeaderSource, now: number = Date.now()): RateLimitInfo {
  const info: RateLimitInfo = {};
  const limit = int(headers.get("x-rate-limit-limit"));
  const remaining = int(headers.get("x-rate-limit-remaining"));
  const reset = int(headers.get("x-rate-limit-reset"));
  if (limit !== undefined) info.limit = limit;
  if (remaining !== undefined) info.remaining = remaining;
  if (reset !== undefined) info.resetAt = new Date(reset * 1000);
  const retryAfter = parseRetryAfter(headers.get("retry-after"), now);
  if (retryAfter !== undefined) info.retryAfterSeconds = retryAfter;

  const appUsage = jsonHeader(headers.get("x-app-usage"), ZMetaAppUsage);
  const pageUsage = jsonHeader(headers.get("x-page-usage"), ZMetaAppUsage);
  const buc = jsonHeader(headers.get("x-business-use-case-usage"), ZMetaBusinessUseCaseUsage);
  const adAccount = jsonHeader(headers.get("x-ad-account-usage"), ZMetaAdAccountUsage);
  if (appUsage) info.appUsage = appUsage;
  if (pageUsage) info.pageUsage = pageUsage;
  if (buc) info.businessUseCaseUsage = buc;
  if (adAccount) info.adAccountUsage = adAccount;
  const highest = highestPercent(info);
  if (highest !== undefined) info.metaUsagePercent = highest;
  return info;
}
