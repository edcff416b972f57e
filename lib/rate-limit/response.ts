import type { RateLimitResult } from "./rate-limit";

/** Standard headers describing the caller's budget (also useful on successful API responses). */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(result.limit),
    "RateLimit-Remaining": String(result.remaining),
    "RateLimit-Reset": String(Math.max(0, Math.ceil((result.resetAt.getTime() - Date.now()) / 1000))),
  };
  if (!result.ok) headers["Retry-After"] = String(result.retryAfterSeconds);
  return headers;
}

/** "Try again in 45 seconds." / "Try again in 3 minutes." */
export function retryAfterMessage(seconds: number): string {
  if (seconds < 90) return `Too many requests. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many requests. Try again in ${minutes} minutes.`;
}

/** The 429 every route returns when a limit is hit: `{error:{code:"rate_limited", message}}` with `Retry-After`. */
export function rateLimitResponse(result: RateLimitResult, message = retryAfterMessage(result.retryAfterSeconds)): Response {
  return Response.json(
    { error: { code: "rate_limited", message } },
    { status: 429, headers: { ...rateLimitHeaders(result), "Cache-Control": "no-store" } },
  );
}
