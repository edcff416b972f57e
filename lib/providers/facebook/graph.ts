import "server-only";
import { createHmac } from "node:crypto";
import type { z } from "zod";
import { env } from "@/lib/env";
import type { HttpClient, HttpMethod } from "@/lib/http";
import { parseBody, providerRequest, type ParseProviderError } from "@/lib/providers/call";
import { ProviderError, type ClientCredentials } from "@/lib/providers/types";
import { ZGraphBatchResponse } from "./schema";
import { parseGraphError } from "./transform";

/**
 * The one Graph client of the Meta family (Facebook Login tokens on graph.facebook.com, Instagram
 * Login tokens on graph.instagram.com). Every call sends its token in the Authorization header
 * and `appsecret_proof` (SECURITY S6) — computed here and nowhere else — and goes through the
 * provider-call wrapper, so a Graph error becomes a ProviderError by Meta's code and no answer
 * becomes `transient`. Resource files (pages, subscriptions, messages, ads, login) build on it.
 */

export const GRAPH_HOST = "https://graph.facebook.com";
export const INSTAGRAM_GRAPH_HOST = "https://graph.instagram.com";
export type GraphHost = typeof GRAPH_HOST | typeof INSTAGRAM_GRAPH_HOST;

/** Graph's batch limit (operations per `POST /`). */
export const GRAPH_BATCH_MAX = 50;

export function graphVersion(): string {
  return env().GRAPH_API_VERSION;
}

/** `https://graph.facebook.com/vNN.0/<path>` (or the same on graph.instagram.com). */
export function graphUrl(path: string, host: GraphHost = GRAPH_HOST): string {
  return `${host}/${graphVersion()}/${path.replace(/^\/+/, "")}`;
}

/** Lowercase hex HMAC-SHA256 of the token keyed with the app secret. */
export function appsecretProof(token: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(token).digest("hex");
}

/** The app access token `app_id|app_secret` (documented; needs no request). */
export function appAccessToken(creds: ClientCredentials): string {
  return `${creds.clientId}|${creds.clientSecret}`;
}

export interface GraphCall {
  token: string;
  /** The app whose secret signs `appsecret_proof` (the Meta app, or the Instagram app for Instagram Login tokens). */
  creds: ClientCredentials;
  query?: Record<string, string | number | undefined>;
  form?: Record<string, string | undefined>;
  /** Graph errors are Meta's shape on both hosts; Instagram Login's token endpoints map their own. */
  parseError?: ParseProviderError;
  /** Injected in tests and the benchmark. */
  client?: HttpClient;
}

/** One Graph call with a token: a path on graph.facebook.com or a full https URL on either host. */
export async function graphCall<S extends z.ZodType>(method: HttpMethod, urlOrPath: string, schema: S, call: GraphCall): Promise<z.output<S>> {
  const url = /^https:\/\//.test(urlOrPath) ? urlOrPath : graphUrl(urlOrPath);
  const res = await providerRequest(call.parseError ?? parseGraphError, url, {
    method,
    headers: { authorization: `Bearer ${call.token}` },
    query: { ...call.query, appsecret_proof: appsecretProof(call.token, call.creds.clientSecret) },
    form: call.form,
    client: call.client,
  });
  return parseBody(res, schema);
}

/**
 * A `paging.next` link we may follow with the token: same Graph host, https, and without the
 * `access_token` Meta embeds in it (the token goes in the header instead).
 */
export function nextPageUrl(next: string | undefined, host: GraphHost = GRAPH_HOST): string | undefined {
  if (!next) return undefined;
  let u: URL;
  try {
    u = new URL(next);
  } catch {
    return undefined;
  }
  if (u.protocol !== "https:" || u.host !== new URL(host).host) return undefined;
  u.searchParams.delete("access_token");
  u.searchParams.delete("appsecret_proof");
  return u.toString();
}

/**
 * One Graph batch (≤ 50 operations) in ONE upstream request: each answer is its body parsed by
 * `schema`, or the ProviderError Meta gave for that part. URLs are relative, without the version.
 */
export async function graphBatch<S extends z.ZodType>(call: GraphCall, relativeUrls: string[], schema: S): Promise<Array<z.output<S> | ProviderError>> {
  return graphBatchVersioned(call, relativeUrls.map((u) => `${graphVersion()}/${u}`), schema);
}

/** `graphBatch` for relative URLs that already carry the version (a `paging.next` made relative). */
export async function graphBatchVersioned<S extends z.ZodType>(call: GraphCall, versionedUrls: string[], schema: S): Promise<Array<z.output<S> | ProviderError>> {
  const answers = await sendBatch(call, versionedUrls);
  return versionedUrls.map((_, i) => batchPart(answers[i], schema));
}

/** `graphBatch` with a schema per part. */
export async function graphBatchOf<const Parts extends readonly { url: string; schema: z.ZodType }[]>(
  call: GraphCall,
  parts: Parts,
): Promise<{ -readonly [K in keyof Parts]: z.output<Parts[K]["schema"]> | ProviderError }> {
  const answers = await sendBatch(call, parts.map((p) => `${graphVersion()}/${p.url}`));
  return parts.map((p, i) => batchPart(answers[i], p.schema)) as { -readonly [K in keyof Parts]: z.output<Parts[K]["schema"]> | ProviderError };
}

async function sendBatch(call: GraphCall, versionedUrls: string[]): Promise<z.output<typeof ZGraphBatchResponse>> {
  if (versionedUrls.length > GRAPH_BATCH_MAX) throw new RangeError(`a Graph batch takes at most ${GRAPH_BATCH_MAX} requests`);
  return graphCall("POST", `${GRAPH_HOST}/`, ZGraphBatchResponse, {
    ...call,
    form: { include_headers: "false", batch: JSON.stringify(versionedUrls.map((u) => ({ method: "GET", relative_url: u }))) },
  });
}

/** One answer of a batch: its body parsed by `schema`, or the Graph error it carries. */
function batchPart<S extends z.ZodType>(part: z.output<typeof ZGraphBatchResponse>[number] | undefined, schema: S): z.output<S> | ProviderError {
  if (!part) return parseGraphError(502, undefined);
  let body: unknown;
  try {
    body = part.body === undefined ? undefined : JSON.parse(part.body);
  } catch {
    body = undefined;
  }
  if (part.code < 200 || part.code >= 300) return parseGraphError(part.code, body);
  const parsed = schema.safeParse(body);
  return parsed.success ? parsed.data : parseGraphError(502, undefined);
}

/** A batch part's value, or its error thrown. */
export function orThrow<T>(part: T | ProviderError): T {
  if (part instanceof ProviderError) throw part;
  return part;
}
