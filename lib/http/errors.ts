import type { HttpResponse } from "./response";

/**
 * - `timeout`: no complete response within the timeout.
 * - `network`: connection refused/reset, DNS failure, TLS error…
 * - `status`: a non-2xx response, thrown only by the helpers that demand success.
 * - `invalid_response`: the body was not JSON or did not match the expected schema.
 * - `too_large`: the body passed the request's `maxBodyBytes`.
 */
export type HttpErrorKind = "timeout" | "network" | "status" | "invalid_response" | "too_large";

/** A failed outbound request. `url` is already redacted; the message never carries a body. */
export class HttpError extends Error {
  readonly kind: HttpErrorKind;
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  readonly status: number | undefined;
  /** The response, for `status` and `invalid_response` (read its body with `text()`/`json()`). */
  readonly response: HttpResponse | undefined;

  constructor(args: {
    kind: HttpErrorKind;
    method: string;
    url: string;
    attempts: number;
    message: string;
    response?: HttpResponse;
    cause?: unknown;
  }) {
    super(args.message, args.cause === undefined ? undefined : { cause: args.cause });
    this.name = "HttpError";
    this.kind = args.kind;
    this.method = args.method;
    this.url = args.url;
    this.attempts = args.attempts;
    this.response = args.response;
    this.status = args.response?.status;
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
