import "server-only";
import { createHmac } from "node:crypto";
import type { z } from "zod";
import { env } from "@/lib/env";
import { http, HttpError, type HttpClient, type HttpMethod } from "@/lib/http";
import type { ClientCredentials } from "@/lib/providers/types";
import {
  ZAppSubscriptions,
  ZGraphBatchResponse,
  ZGraphMe,
  ZGraphPageList,
  ZGraphPermissions,
  ZGraphSuccess,
  ZGraphTokenResponse,
  ZSubscribedApps,
  type TGraphPage,
  type TGraphTokenResponse,
} from "./schema";
import { parseGraphError } from "./transform";

/**
 * Raw Graph API calls. Every call made with a token sends it in the Authorization header and
 * adds `appsecret_proof` (SECURITY S6); errors become ProviderErrors through parseGraphError.
 */

export const GRAPH_HOST = "https://graph.facebook.com";

/** The fields of the one Pages listing: everything the picker and the connections need, in one call. */
export const PAGE_FIELDS = "id,name,access_token,picture{url},instagram_business_account{id,username,profile_picture_url}";
/** Graph's maximum page size for me/accounts. */
export const PAGE_LIMIT = 100;
/** Stop following `paging.next` after this many pages (10,000 Pages): a guard against a cursor loop. */
const MAX_PAGES = 100;

export function graphVersion(): string {
  return env().GRAPH_API_VERSION;
}

/** `https://graph.facebook.com/vNN.0/<path>`. */
export function graphUrl(path: string): string {
  return `${GRAPH_HOST}/${graphVersion()}/${path.replace(/^\/+/, "")}`;
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
  creds: ClientCredentials;
  query?: Record<string, string | number | undefined>;
  form?: Record<string, string | undefined>;
  /** Injected in tests and the benchmark. */
  client?: HttpClient;
}

/** One Graph call with a token; returns the parsed body or throws a ProviderError. */
export async function graphCall<S extends z.ZodType>(method: HttpMethod, urlOrPath: string, schema: S, call: GraphCall): Promise<z.output<S>> {
  const url = /^https:\/\//.test(urlOrPath) ? urlOrPath : graphUrl(urlOrPath);
  const client = call.client ?? http();
  const res = await client.request(url, {
    method,
    headers: { authorization: `Bearer ${call.token}` },
    query: { ...call.query, appsecret_proof: appsecretProof(call.token, call.creds.clientSecret) },
    form: call.form,
  });
  if (!res.ok) throw parseGraphError(res.status, res.jsonOrUndefined(), res.headers);
  try {
    return res.json(schema);
  } catch (err) {
    if (err instanceof HttpError) throw parseGraphError(502, undefined);
    throw err;
  }
}

/** `GET oauth/access_token?grant_type=fb_exchange_token` → the ~60-day user token. */
export async function exchangeForLongLived(shortLived: string, creds: ClientCredentials, client: HttpClient = http()): Promise<TGraphTokenResponse> {
  const res = await client.get(graphUrl("oauth/access_token"), {
    query: {
      grant_type: "fb_exchange_token",
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
      fb_exchange_token: shortLived,
    },
  });
  if (!res.ok) throw parseGraphError(res.status, res.jsonOrUndefined(), res.headers);
  return res.json(ZGraphTokenResponse);
}

/**
 * A `paging.next` link we may follow with the token: same Graph host, https, and without the
 * `access_token` Meta embeds in it (the token goes in the header instead).
 */
export function nextPageUrl(next: string | undefined): string | undefined {
  if (!next) return undefined;
  let u: URL;
  try {
    u = new URL(next);
  } catch {
    return undefined;
  }
  if (u.protocol !== "https:" || u.host !== new URL(GRAPH_HOST).host) return undefined;
  u.searchParams.delete("access_token");
  u.searchParams.delete("appsecret_proof");
  return u.toString();
}

export interface PagesAndPermissions {
  pages: TGraphPage[];
  /** Permissions the person granted (Facebook Login lets them turn any off under "Edit access"). */
  granted: string[];
  /**
   * The app-scoped id of the Facebook user who granted them (`me?fields=id`, the batch's third
   * part); kept on the connections so "Remove Switchboard from Facebook" knows which ones die.
   * Null when that part failed: the connect goes on without it.
   */
  facebookUserId: string | null;
}

/** One answer of a batch: its body parsed by `schema`, or the Graph error it carries. */
function batchPart<S extends z.ZodType>(part: z.output<typeof ZGraphBatchResponse>[number], schema: S): z.output<S> {
  if (!part) throw parseGraphError(502, undefined);
  let body: unknown;
  try {
    body = part.body === undefined ? undefined : JSON.parse(part.body);
  } catch {
    body = undefined;
  }
  if (part.code < 200 || part.code >= 300) throw parseGraphError(part.code, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw parseGraphError(502, undefined);
  return parsed.data;
}

/**
 * The granted permissions, the first 100 Pages and who the user is in ONE upstream request (a
 * Graph batch of `me/permissions`, the field-expanded `me/accounts` and `me?fields=id`), then
 * `paging.next` beyond 100 Pages.
 * The token responses carry no scopes, so this is how a connect learns what was declined
 * without spending a request on it.
 */
export async function listPagesAndPermissions(userToken: string, creds: ClientCredentials, client?: HttpClient): Promise<PagesAndPermissions> {
  const accounts = `${graphVersion()}/me/accounts?${new URLSearchParams({ fields: PAGE_FIELDS, limit: String(PAGE_LIMIT) })}`;
  const parts = await graphCall("POST", `${GRAPH_HOST}/`, ZGraphBatchResponse, {
    token: userToken,
    creds,
    form: {
      include_headers: "false",
      batch: JSON.stringify([
        { method: "GET", relative_url: `${graphVersion()}/me/permissions` },
        { method: "GET", relative_url: accounts },
        { method: "GET", relative_url: `${graphVersion()}/me?fields=id` },
      ]),
    },
    client,
  });
  const permissions = batchPart(parts[0] ?? null, ZGraphPermissions);
  const first = batchPart(parts[1] ?? null, ZGraphPageList);
  let facebookUserId: string | null = null;
  try {
    facebookUserId = batchPart(parts[2] ?? null, ZGraphMe).id;
  } catch {
    facebookUserId = null;
  }
  // Beyond the first 100: follow `paging.next` (it carries fields, limit and the cursor).
  // List with the long-lived user token: Page tokens derived from it do not expire.
  const pages = [...first.data];
  let url = first.data.length > 0 ? nextPageUrl(first.paging?.next) : undefined;
  for (let n = 1; url && n < MAX_PAGES; n++) {
    const body: z.output<typeof ZGraphPageList> = await graphCall("GET", url, ZGraphPageList, { token: userToken, creds, client });
    pages.push(...body.data);
    url = body.data.length > 0 ? nextPageUrl(body.paging?.next) : undefined;
  }
  return { pages, granted: permissions.data.filter((p) => p.status === "granted").map((p) => p.permission), facebookUserId };
}

/** Subscribes our app to the Page's webhook fields (needs the Page token and pages_manage_metadata). */
export async function subscribePage(pageId: string, pageToken: string, fields: readonly string[], creds: ClientCredentials, client?: HttpClient): Promise<void> {
  const r = await graphCall("POST", `${pageId}/subscribed_apps`, ZGraphSuccess, {
    token: pageToken,
    creds,
    form: { subscribed_fields: fields.join(",") },
    client,
  });
  if (!r.success) throw parseGraphError(502, undefined);
}

/** Removes our app from the Page's webhooks. */
export async function unsubscribePage(pageId: string, pageToken: string, creds: ClientCredentials, client?: HttpClient): Promise<void> {
  await graphCall("DELETE", `${pageId}/subscribed_apps`, ZGraphSuccess, { token: pageToken, creds, client });
}

export interface PageSubscribedApp {
  /** The app's id (Meta always returns it; absent only in a malformed answer). */
  id: string | undefined;
  subscribedFields: string[];
}

/**
 * Every app subscribed to the Page's webhooks, with its fields (Page token). It lists every app
 * and never stands in another app's entry for ours: a reconcile must see that our app is gone
 * even when another app (a chatbot, a CRM) is still subscribed.
 */
export async function pageSubscribedApps(pageId: string, pageToken: string, creds: ClientCredentials, client?: HttpClient): Promise<PageSubscribedApp[]> {
  const r = await graphCall("GET", `${pageId}/subscribed_apps`, ZSubscribedApps, { token: pageToken, creds, client });
  return r.data.map((a) => ({ id: a.id, subscribedFields: a.subscribed_fields ?? [] }));
}

export interface AppSubscription {
  object: string;
  callbackUrl: string | undefined;
  active: boolean;
  fields: string[];
}

/** The app-level webhook subscriptions (app token). */
export async function listAppSubscriptions(creds: ClientCredentials, client?: HttpClient): Promise<AppSubscription[]> {
  const r = await graphCall("GET", `${creds.clientId}/subscriptions`, ZAppSubscriptions, { token: appAccessToken(creds), creds, client });
  return r.data.map((s) => ({
    object: s.object,
    callbackUrl: s.callback_url,
    active: s.active !== false,
    fields: (s.fields ?? []).map((f) => (typeof f === "string" ? f : f.name)),
  }));
}

/** Creates or updates the app-level subscription for one object; Meta verifies the callback URL first. */
export async function subscribeApp(
  input: { object: string; callbackUrl: string; verifyToken: string; fields: readonly string[] },
  creds: ClientCredentials,
  client?: HttpClient,
): Promise<void> {
  const r = await graphCall("POST", `${creds.clientId}/subscriptions`, ZGraphSuccess, {
    token: appAccessToken(creds),
    creds,
    form: { object: input.object, callback_url: input.callbackUrl, verify_token: input.verifyToken, fields: input.fields.join(",") },
    client,
  });
  if (!r.success) throw parseGraphError(502, undefined);
}

/** `DELETE me/permissions`: removes the app from the user's account (every token it gave us dies). */
export async function revokeAllPermissions(userToken: string, creds: ClientCredentials, client?: HttpClient): Promise<void> {
  await graphCall("DELETE", "me/permissions", ZGraphSuccess, { token: userToken, creds, client });
}

/** `GET me?fields=id`: the app-scoped id of the Facebook user a user token belongs to. */
export async function facebookUserIdOf(userToken: string, creds: ClientCredentials, client?: HttpClient): Promise<string> {
  return (await graphCall("GET", "me", ZGraphMe, { token: userToken, creds, query: { fields: "id" }, client })).id;
}
