export {
  abortableSleep,
  backoffDelay,
  createHttpClient,
  DEFAULT_ATTEMPTS,
  DEFAULT_MAX_RETRY_AFTER_MS,
  http,
  httpJson,
  httpRequest,
  isRetryableStatus,
  type HttpClient,
  type HttpClientDeps,
  type HttpMethod,
  type HttpRequestOptions,
} from "./client";
export { HttpError, isHttpError, type HttpErrorKind } from "./errors";
export {
  parseRateLimitHeaders,
  parseRetryAfter,
  type RateLimitInfo,
  type TMetaAdAccountUsage,
  type TMetaAppUsage,
  type TMetaBusinessUseCaseUsage,
} from "./rate-limit-headers";
export { redactDeep, redactSecrets, REDACTED, SECRET_PARAMS } from "./redact";
export { observeRateLimits } from "./observe";
export { HttpResponse } from "./response";
export { rewriteUrl } from "./rewrite";
export { basicAuthHeader } from "./basic-auth";
