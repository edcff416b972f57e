import { describe, expect, it } from "vitest";
import { parseRateLimitHeaders, parseRetryAfter } from "./rate-limit-headers";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");

  it("reads delta seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
  });

  it("ignores garbage", () => {
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("parseRateLimitHeaders", () => {
  it("reads X's limit, remaining and reset", () => {
    const info = parseRateLimitHeaders(
      new Headers({ "x-rate-limit-limit": "300", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1767225600" }),
    );
    expect(info).toMatchObject({ limit: 300, remaining: 0, resetAt: new Date(1767225600 * 1000) });
  });

  it("reads Meta's usage headers as JSON and reports the highest percentage", () => {
    const info = parseRateLimitHeaders(
      new Headers({
        "x-app-usage": '{"call_count":28,"total_time":25,"total_cputime":25}',
        "x-page-usage": '{"call_count":5,"total_time":1,"total_cputime":1}',
        "x-business-use-case-usage":
          '{"1234":[{"type":"pages","call_count":91,"total_cputime":3,"total_time":4,"estimated_time_to_regain_access":7}]}',
        "x-ad-account-usage": '{"acc_id_util_pct":9.67,"reset_time_duration":0,"ads_api_access_tier":"standard_access"}',
      }),
    );
    expect(info.appUsage).toEqual({ call_count: 28, total_time: 25, total_cputime: 25 });
    expect(info.pageUsage?.call_count).toBe(5);
    expect(info.businessUseCaseUsage?.["1234"]?.[0]?.estimated_time_to_regain_access).toBe(7);
    expect(info.adAccountUsage?.acc_id_util_pct).toBe(9.67);
    expect(info.metaUsagePercent).toBe(91);
  });

  it("ignores malformed usage headers instead of failing the request", () => {
    expect(parseRateLimitHeaders(new Headers({ "x-app-usage": "{not json" }))).toEqual({});
  });
});
