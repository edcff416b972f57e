import type { DbOrTx } from "@/db/client";
import { rateLimit, type RateLimitOptions } from "./rate-limit";
import { rateLimitResponse } from "./response";

export { clientIp, rateLimitKey } from "./keys";
export { pruneRateLimitBuckets, rateLimit, type RateLimitOptions, type RateLimitResult } from "./rate-limit";
export { rateLimitHeaders, rateLimitResponse, retryAfterMessage } from "./response";

/** Counts the request; returns the 429 response to send when over the limit, or null to proceed. */
export async function enforceRateLimit(db: DbOrTx, options: RateLimitOptions): Promise<Response | null> {
  const result = await rateLimit(db, options);
  return result.ok ? null : rateLimitResponse(result);
}
