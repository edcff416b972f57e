import "server-only";
import type { z } from "zod";
import { http, HttpError, isHttpError, redactSecrets, type HttpClient, type HttpRequestOptions, type HttpResponse } from "@/lib/http";
import { ProviderError } from "./types";

/** A provider's own error mapping (`Provider.parseError`). */
export type ParseProviderError = (status: number, body: unknown, headers?: Headers) => ProviderError;

export interface ProviderCallOptions extends HttpRequestOptions {
  /** Injected in tests and benches; the app's client otherwise. */
  client?: HttpClient;
}

/**
 * The one way a provider calls its API (DESIGN "The Provider contract"): a non-2xx answer becomes
 * the provider's own `parseError`; no answer at all (timeout, dropped or refused connection)
 * becomes `transient` with `noAnswer` set, because a write may still have reached the provider
 * (publishing reconciles those instead of sending again, SECURITY J4).
 */
export async function providerRequest(parseError: ParseProviderError, url: string, options: ProviderCallOptions = {}): Promise<HttpResponse> {
  const { client, ...request } = options;
  let res: HttpResponse;
  try {
    res = await (client ?? http()).request(url, request);
  } catch (err) {
    if (isHttpError(err) && (err.kind === "timeout" || err.kind === "network")) {
      // The message may reach a person; the redacted URL stays on `cause` for the logs.
      throw new ProviderError("transient", err.kind === "timeout" ? "no answer in time" : "could not be reached", { cause: err, noAnswer: true });
    }
    if (isHttpError(err)) throw new ProviderError("unknown", err.message, { cause: err });
    throw err;
  }
  if (!res.ok) {
    const err = parseError(res.status, res.jsonOrUndefined(), res.headers);
    // The request (host, path, status — redacted) rides along for the logs (lib/log).
    err.cause ??= statusError(res);
    throw err;
  }
  return res;
}

function statusError(res: HttpResponse): HttpError {
  const url = redactSecrets(res.url);
  return new HttpError({ kind: "status", method: res.method, url, attempts: res.attempts, message: `${res.method} ${url} returned ${res.status}`, response: res });
}

/** `providerRequest`, then the body parsed by `schema` (see `parseBody`). */
export async function providerJson<S extends z.ZodType>(parseError: ParseProviderError, url: string, schema: S, options: ProviderCallOptions = {}): Promise<z.output<S>> {
  return parseBody(await providerRequest(parseError, url, options), schema);
}

/**
 * The body of a successful answer parsed by `schema`. An answer we cannot read is `transient`
 * with `noAnswer` set: the provider did answer 2xx, so a write may have happened.
 */
export function parseBody<S extends z.ZodType>(res: HttpResponse, schema: S): z.output<S> {
  try {
    return res.json(schema);
  } catch (err) {
    throw new ProviderError("transient", err instanceof Error ? err.message : "unexpected answer", { status: res.status, cause: err, noAnswer: true });
  }
}

/** A provider's bound caller: `api.request(url, options)` / `api.json(url, schema, options)`. */
export function providerApi(parseError: ParseProviderError) {
  return {
    request: (url: string, options?: ProviderCallOptions) => providerRequest(parseError, url, options),
    json: <S extends z.ZodType>(url: string, schema: S, options?: ProviderCallOptions) => providerJson(parseError, url, schema, options),
  };
}
