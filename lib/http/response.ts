import type { z } from "zod";
import { HttpError } from "./errors";
import type { RateLimitInfo } from "./rate-limit-headers";
import { redactSecrets } from "./redact";

/**
 * A fully read response. The body is buffered inside the request's timeout, so `text()` and
 * `json()` are synchronous and can be called any number of times.
 */
export class HttpResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly rateLimit: RateLimitInfo;
  /** How many attempts it took (1 = no retry). */
  readonly attempts: number;
  readonly method: string;
  // Private so that logging or serializing a response never prints its URL query or body.
  readonly #url: string;
  readonly #body: Uint8Array;

  constructor(init: {
    status: number;
    headers: Headers;
    rateLimit: RateLimitInfo;
    attempts: number;
    method: string;
    url: string;
    body: Uint8Array;
  }) {
    this.status = init.status;
    this.ok = init.status >= 200 && init.status < 300;
    this.headers = init.headers;
    this.rateLimit = init.rateLimit;
    this.attempts = init.attempts;
    this.method = init.method;
    this.#url = init.url;
    this.#body = init.body;
  }

  /** The URL that was requested (after the sandbox rewrite). May contain secrets: never log it raw. */
  get url(): string {
    return this.#url;
  }

  bytes(): Uint8Array {
    return this.#body;
  }

  text(): string {
    return new TextDecoder().decode(this.#body);
  }

  /** The body parsed as JSON, or undefined when it is not JSON (an error page, an empty body). */
  jsonOrUndefined(): unknown {
    try {
      return JSON.parse(this.text());
    } catch {
      return undefined;
    }
  }

  /** Parses the body as JSON; with a zod schema, validates it and returns the typed data. */
  json<S extends z.ZodType>(schema: S): z.output<S>;
  json<T = unknown>(): T;
  json(schema?: z.ZodType): unknown {
    let data: unknown;
    try {
      data = JSON.parse(this.text());
    } catch {
      // The SyntaxError is dropped on purpose: its message quotes the start of the body.
      throw this.#invalid(`Response from ${this.#safeUrl()} is not JSON (status ${this.status})`, undefined);
    }
    if (!schema) return data;
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    // Paths and codes only: issue messages could quote values from a token response.
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.code}`)
      .join("; ");
    throw this.#invalid(`Unexpected response from ${this.#safeUrl()} (status ${this.status}): ${issues}`, parsed.error);
  }

  toJSON(): Record<string, unknown> {
    return { status: this.status, method: this.method, url: this.#safeUrl(), rateLimit: this.rateLimit };
  }

  #safeUrl(): string {
    return redactSecrets(this.#url);
  }

  #invalid(message: string, cause: unknown): HttpError {
    return new HttpError({
      kind: "invalid_response",
      method: this.method,
      url: this.#safeUrl(),
      attempts: this.attempts,
      message,
      response: this,
      cause,
    });
  }
}
