import type { z } from "zod";
import { API_ERROR_STATUS, type TApiErrorCode } from "@/lib/api/errors";
import { HttpError } from "@/lib/http";
import { providerApiCode } from "@/lib/errors/provider";
import { ProviderError, type ProviderErrorKind } from "@/lib/providers/types";

/**
 * The connector API's errors: `{error:{code, message, details?}}` with the codes and statuses of
 * the one table (lib/api/errors.ts). The message is ours (or Meta's own description of a Meta
 * failure), never internal error text.
 */
export type { TApiErrorCode };
export { API_ERROR_STATUS };

export interface TFieldIssue {
  /** Where in the request, e.g. "replication_config.account_ids.1". */
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public readonly code: TApiErrorCode,
    message: string,
    public readonly details?: { issues?: TFieldIssue[]; retry_after?: number } & Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function issuesOf(error: z.ZodError, prefix: (string | number)[] = []): TFieldIssue[] {
  return error.issues.map((i) => ({ path: [...prefix, ...i.path].map(String).join("."), message: i.message }));
}

export function validationError(error: z.ZodError, prefix: (string | number)[] = []): ApiError {
  const issues = issuesOf(error, prefix);
  return new ApiError("validation_failed", issues[0] ? `${issues[0].path || "body"}: ${issues[0].message}` : "The request is not valid.", { issues });
}

/** How the API words a Meta failure of each kind (its code comes from `providerApiCode`, lib/errors/provider.ts). */
const PROVIDER_WORDING: Record<ProviderErrorKind, (err: ProviderError) => string> = {
  auth: (err) => `Meta rejected the connector's token: ${err.message}`,
  permission: (err) => `The token lacks a permission Meta requires: ${err.message}`,
  rate_limit: (err) => `Meta is throttling this ad account or app; retry after ${retryAfter(err)} seconds.`,
  invalid_input: (err) => `Meta refused the request: ${err.message}`,
  transient: (err) => `Meta answered with an error: ${err.message}`,
  unknown: (err) => `Meta answered with an error: ${err.message}`,
};

const retryAfter = (err: ProviderError) => err.retryAfterSeconds ?? 60;

/**
 * A Meta failure as the API reports it, with the code of the one mapping (`providerApiCode`):
 * auth or permission → provider_auth_failed, throttling → provider_rate_limited (retry_after),
 * a refused request → validation_failed, else provider_error.
 */
export function fromProviderError(err: ProviderError): ApiError {
  if (err.noAnswer && err.cause instanceof HttpError) return fromHttpError(err.cause);
  const code = providerApiCode(err) ?? "provider_error";
  const details = code === "provider_rate_limited" ? { retry_after: retryAfter(err), provider_code: err.providerCode } : { provider_code: err.providerCode };
  return new ApiError(code, PROVIDER_WORDING[err.kind](err), details);
}

/** Meta did not answer (timeout) or could not be reached: provider_error, never a 500. */
export function fromHttpError(err: HttpError): ApiError {
  return new ApiError(providerApiCode(err) ?? "provider_error", err.kind === "timeout" ? "Meta did not answer in time; try again (or ask for less data)." : "Could not reach Meta; try again.");
}

export function errorResponse(err: ApiError, headers: Record<string, string> = {}): Response {
  const h: Record<string, string> = { "Cache-Control": "no-store", ...headers };
  if (err.details?.retry_after !== undefined) h["Retry-After"] = String(err.details.retry_after);
  const body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  return Response.json(body, { status: API_ERROR_STATUS[err.code], headers: h });
}
