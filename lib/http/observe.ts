import { AsyncLocalStorage } from "node:async_hooks";
import type { RateLimitInfo } from "./rate-limit-headers";

type TObserver = (rateLimit: RateLimitInfo) => void;
const observers = new AsyncLocalStorage<TObserver>();

/**
 * Runs `fn`, handing `onRateLimit` the rate-limit headers of every response it receives through
 * the HTTP client — however deep in provider code the calls are made (e.g. Meta's usage headers
 * on a publish, which the worker turns into a pause before the platform throttles).
 */
export function observeRateLimits<T>(onRateLimit: TObserver, fn: () => Promise<T>): Promise<T> {
  return observers.run(onRateLimit, fn);
}

/** Called by the client for each response. */
export function reportRateLimit(rateLimit: RateLimitInfo): void {
  observers.getStore()?.(rateLimit);
}
