import "server-only";
import { z } from "zod";
import type { HttpClient } from "@/lib/http";
import { ProviderError, type ClientCredentials } from "@/lib/providers/types";
import { appAccessToken, GRAPH_BATCH_MAX, graphBatch, graphBatchVersioned, graphCall, graphVersion, nextPageUrl } from "./graph";
import { ZGraphSuccess } from "./schema";
import { parseGraphError } from "./transform";

/**
 * The Marketing API resource (`ads`) of the one Graph client (`graphCall`: token in the Authorization
 * header, `appsecret_proof` on every call): token checks, ad accounts and their edges, single
 * objects, updates, insights (synchronous, batched and as async report runs).
 */

export const ZGraphRecord = z.record(z.string(), z.unknown());
export type TGraphRecord = z.infer<typeof ZGraphRecord>;

const ZListPage = z.looseObject({
  data: z.array(ZGraphRecord),
  paging: z.looseObject({ cursors: z.looseObject({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});

/** `GET /debug_token` (app token): is it valid, when does it expire, which permissions. */
const ZDebugToken = z.looseObject({
  data: z.looseObject({
    is_valid: z.boolean(),
    app_id: z.string().optional(),
    type: z.string().optional(),
    user_id: z.string().optional(),
    expires_at: z.number().optional(),
    scopes: z.array(z.string()).optional(),
    error: z.looseObject({ message: z.string().optional(), code: z.number().optional(), subcode: z.number().optional() }).optional(),
  }),
});

export interface TokenInfo {
  valid: boolean;
  appId: string | null;
  userId: string | null;
  /** null = never expires (`expires_at: 0`, e.g. a system user's token). */
  expiresAt: Date | null;
  scopes: string[];
}

export interface ListPage {
  data: TGraphRecord[];
  /** Meta's `after` cursor when there is a next page, else null. */
  nextCursor: string | null;
}

export interface AdsCall {
  token: string;
  creds: ClientCredentials;
  client?: HttpClient;
}

const ids = (s: string) => (s.startsWith("act_") ? s : `act_${s}`);

function toPage(body: z.output<typeof ZListPage>): ListPage {
  const after = body.paging?.cursors?.after;
  return { data: body.data, nextCursor: body.paging?.next && after ? after : null };
}

/** Inspects a user or system-user token with the app's own token. */
export async function debugToken(inputToken: string, creds: ClientCredentials, client?: HttpClient): Promise<TokenInfo> {
  const app = appAccessToken(creds);
  const r = await graphCall("GET", "debug_token", ZDebugToken, { token: app, creds, query: { input_token: inputToken }, client });
  const d = r.data;
  return {
    valid: d.is_valid,
    appId: d.app_id ?? null,
    userId: d.user_id ?? null,
    expiresAt: d.expires_at ? new Date(d.expires_at * 1000) : null,
    scopes: d.scopes ?? [],
  };
}

/** `GET /me`. */
export async function currentUser(call: AdsCall, fields = "id,name"): Promise<TGraphRecord> {
  return graphCall("GET", "me", ZGraphRecord, { ...call, query: { fields } });
}

/** `GET /me/adaccounts`, one page. */
export async function listAdAccounts(call: AdsCall, opts: { fields: string; limit: number; after?: string }): Promise<ListPage> {
  return toPage(await graphCall("GET", "me/adaccounts", ZListPage, { ...call, query: { fields: opts.fields, limit: opts.limit, after: opts.after } }));
}

/** `GET /{id}` for an ad account, campaign, ad set, ad, creative or report run. */
export async function getNode(call: AdsCall, id: string, fields: string): Promise<TGraphRecord> {
  return graphCall("GET", encodeURIComponent(id), ZGraphRecord, { ...call, query: { fields } });
}

export const AD_ACCOUNT_EDGES = ["campaigns", "adsets", "ads", "adcreatives", "customconversions", "adimages", "advideos", "adspixels"] as const;
export type TAdAccountEdge = (typeof AD_ACCOUNT_EDGES)[number];

/** `GET /act_{id}/{edge}`, one page. */
export async function listEdge(call: AdsCall, accountId: string, edge: TAdAccountEdge, opts: { fields: string; limit: number; after?: string; extra?: Record<string, string | undefined> }): Promise<ListPage> {
  const query = { fields: opts.fields, limit: opts.limit, after: opts.after, ...opts.extra };
  return toPage(await graphCall("GET", `${ids(accountId)}/${edge}`, ZListPage, { ...call, query }));
}

/** `POST /{id}` with the changed fields (status, name, daily_budget); never retried. */
export async function updateNode(call: AdsCall, id: string, fields: Record<string, string>): Promise<void> {
  const r = await graphCall("POST", encodeURIComponent(id), ZGraphSuccess, { ...call, form: fields });
  if (!r.success) throw parseGraphError(502, undefined);
}

export interface InsightsQuery {
  fields: string;
  level?: string;
  date_preset?: string;
  time_range?: { since: string; until: string };
  breakdowns?: string;
  time_increment?: string;
}

function insightsParams(q: InsightsQuery): Record<string, string> {
  const p: Record<string, string> = { fields: q.fields };
  if (q.level) p.level = q.level;
  if (q.date_preset) p.date_preset = q.date_preset;
  if (q.time_range) p.time_range = JSON.stringify(q.time_range);
  if (q.breakdowns) p.breakdowns = q.breakdowns;
  if (q.time_increment) p.time_increment = q.time_increment;
  return p;
}

/** `GET /act_{id}/insights`, one page. */
export async function insightsPage(call: AdsCall, accountId: string, q: InsightsQuery, opts: { limit: number; after?: string }): Promise<ListPage> {
  return toPage(await graphCall("GET", `${ids(accountId)}/insights`, ZListPage, { ...call, query: { ...insightsParams(q), limit: opts.limit, after: opts.after } }));
}

/** `POST /act_{id}/insights` → the async job's report_run_id. */
export async function startReportRun(call: AdsCall, accountId: string, q: InsightsQuery): Promise<string> {
  const r = await graphCall("POST", `${ids(accountId)}/insights`, z.looseObject({ report_run_id: z.string() }), { ...call, form: insightsParams(q) });
  return r.report_run_id;
}

const ZReportRun = z.looseObject({ id: z.string(), async_status: z.string(), async_percent_completion: z.number().optional() });

/** `GET /{report_run_id}`: "Job Not Started" | "Job Started" | "Job Running" | "Job Completed" | "Job Failed" | "Job Skipped". */
export async function reportRunStatus(call: AdsCall, runId: string): Promise<{ status: string; percent: number }> {
  const r = await graphCall("GET", encodeURIComponent(runId), ZReportRun, { ...call, query: { fields: "id,async_status,async_percent_completion" } });
  return { status: r.async_status, percent: r.async_percent_completion ?? 0 };
}

/** `GET /{report_run_id}/insights`, one page. */
export async function reportRunPage(call: AdsCall, runId: string, opts: { limit: number; after?: string }): Promise<ListPage> {
  return toPage(await graphCall("GET", `${encodeURIComponent(runId)}/insights`, ZListPage, { ...call, query: { limit: opts.limit, after: opts.after } }));
}

/** Meta's answer to a synchronous insights call that asks for too much: retry it as an async report run. */
export function isTooMuchData(err: unknown): boolean {
  return (err as { providerCode?: string })?.providerCode === "1/99";
}

/**
 * One Graph batch of GET requests (≤ 50 relative URLs without the version), one upstream
 * request: each answer is its body parsed by `schema`, or the ProviderError Meta gave for it.
 */
export const batchGet = graphBatch;

/** Several ad accounts (or other nodes) in one batch: each its record or Meta's error for it. */
export async function batchNodes(call: AdsCall, nodeIds: string[], fields: string): Promise<Array<TGraphRecord | ProviderError>> {
  return graphBatch(call, nodeIds.map((id) => `${encodeURIComponent(id)}?${new URLSearchParams({ fields })}`), ZGraphRecord);
}

/** Insights pages of several accounts in one batch. */
export async function batchInsights(call: AdsCall, accountIds: string[], q: InsightsQuery, limit: number): Promise<Array<ListPage | ProviderError>> {
  const pages = await graphBatch(call, accountIds.map((a) => insightsRelativeUrl(a, q, limit)), ZListPage);
  return pages.map((p) => (p instanceof ProviderError ? p : toPage(p)));
}

/** The relative URL of one insights page, for a Graph batch. */
export function insightsRelativeUrl(accountId: string, q: InsightsQuery, limit: number): string {
  return `${ids(accountId)}/insights?${new URLSearchParams({ ...insightsParams(q), limit: String(limit) })}`;
}

/** `GET /?ids=a,b&fields=…` (≤ 50 ids): several nodes in one call, keyed by id. */
export async function getNodes(call: AdsCall, nodeIds: string[], fields: string): Promise<Record<string, TGraphRecord>> {
  if (nodeIds.length > GRAPH_BATCH_MAX) throw new RangeError(`at most ${GRAPH_BATCH_MAX} ids per call`);
  return graphCall("GET", "", z.record(z.string(), ZGraphRecord), { ...call, query: { ids: nodeIds.join(","), fields } });
}

/** One list to read completely through `batchLists`: a key of the caller's and its relative URL (without the version). */
export interface BatchListRequest {
  key: string;
  relativeUrl: string;
}

/** Batches of one `batchLists` round in flight at once: Meta counts each part against the rate limit. */
const BATCH_CONCURRENCY = 3;
/** Pages followed per list: a guard against a cursor loop (100 pages × 100 items). */
const MAX_LIST_PAGES = 100;

/** The batch relative URL (version included) of a `paging.next` link, without the token Meta embeds. */
function relativeNext(next: string | undefined): string | null {
  const url = nextPageUrl(next);
  if (!url) return null;
  const u = new URL(url);
  return `${u.pathname.replace(/^\/+/, "")}${u.search}`;
}

/**
 * Reads several lists completely in as few upstream requests as the batch API allows: each round
 * sends every list's next page as parts of Graph batches (≤ 50 parts each, at most
 * BATCH_CONCURRENCY batches at once) and follows `paging.next` in the next round. A list whose part
 * fails keeps Meta's error for it; the other lists go on.
 */
export async function batchLists(call: AdsCall, requests: BatchListRequest[]): Promise<Map<string, TGraphRecord[] | ProviderError>> {
  const out = new Map<string, TGraphRecord[] | ProviderError>(requests.map((r) => [r.key, []]));
  let pending = requests.map((r) => ({ key: r.key, url: `${graphVersion()}/${r.relativeUrl}`, page: 1 }));
  while (pending.length > 0) {
    const chunks: (typeof pending)[] = [];
    for (let i = 0; i < pending.length; i += GRAPH_BATCH_MAX) chunks.push(pending.slice(i, i + GRAPH_BATCH_MAX));
    const next: typeof pending = [];
    for (let i = 0; i < chunks.length; i += BATCH_CONCURRENCY) {
      const answers = await Promise.all(chunks.slice(i, i + BATCH_CONCURRENCY).map((chunk) => batchRound(call, chunk.map((p) => p.url))));
      answers.forEach((parts, c) => {
        chunks[i + c]!.forEach((p, j) => {
          const part = parts instanceof ProviderError ? parts : parts[j]!;
          if (part instanceof ProviderError) {
            out.set(p.key, part);
            return;
          }
          const sink = out.get(p.key);
          if (!Array.isArray(sink)) return;
          sink.push(...part.data);
          const more = part.data.length > 0 && p.page < MAX_LIST_PAGES ? relativeNext(part.paging?.next) : null;
          if (more) next.push({ key: p.key, url: more, page: p.page + 1 });
        });
      });
    }
    pending = next;
  }
  return out;
}

/** One batch of list GETs (relative URLs with the version): each part's page or its error; the whole batch's error when it failed. */
async function batchRound(call: AdsCall, urls: string[]): Promise<Array<z.output<typeof ZListPage> | ProviderError> | ProviderError> {
  try {
    return await graphBatchVersioned(call, urls, ZListPage);
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
}
