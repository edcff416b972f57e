import "server-only";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { connectorWrites } from "@/db/schema";
import {
  batchInsights,
  currentUser,
  getNode,
  getNodes,
  insightsPage,
  isTooMuchData,
  listEdge,
  reportRunPage,
  reportRunStatus,
  startReportRun,
  updateNode,
  type AdsCall,
  type InsightsQuery,
  type ListPage,
  type TAdAccountEdge,
  type TGraphRecord,
} from "@/lib/providers/facebook/ads";
import { ProviderError } from "@/lib/providers/types";
import { ApiError } from "./errors";

/**
 * What `POST /connectors/{id}/execute` can do: entities and actions named as in Airbyte's
 * Facebook-Marketing agent connector, each with its own params schema (which also feeds the
 * OpenAPI document and the MCP tool descriptions).
 */

export interface ExecContext {
  db: DbOrTx;
  call: AdsCall;
  connector: { id: string; organizationId: string; accountIds: string[]; allowWrites: boolean; scopes: string[] };
  apiKeyId: string | null;
}

export interface ExecResult {
  data: unknown;
  next_cursor: string | null;
}

interface ActionDef<S extends z.ZodType = z.ZodType> {
  description: string;
  params: S;
  write?: boolean;
  run(ctx: ExecContext, params: z.output<S>): Promise<ExecResult>;
}

const action = <S extends z.ZodType>(def: ActionDef<S>): ActionDef => def as unknown as ActionDef;

const ZFields = z
  .union([z.string(), z.array(z.string())])
  .transform((f) => (Array.isArray(f) ? f.join(",") : f).replace(/\s+/g, ""))
  .pipe(z.string().min(1).max(1000).regex(/^[A-Za-z0-9_,{}.()]+$/, "fields is a comma-separated list of Graph field names."))
  .optional()
  .meta({ description: "Fields to return (comma-separated or an array); a sensible default otherwise." });
const ZLimit = z.coerce.number().int().min(1).max(500).default(25).meta({ description: "Page size (1–500, default 25)." });
const ZAfter = z.string().min(1).max(2000).optional().meta({ description: "The next_cursor of the previous page." });
const ZAccount = z
  .string()
  .trim()
  .regex(/^(act_)?\d{1,20}$/, "account_id is an ad account id, with or without act_.")
  .transform((id) => (id.startsWith("act_") ? id : `act_${id}`))
  .meta({ description: "One of the connector's ad accounts (with or without act_)." });
const ZObjectId = z.string().trim().regex(/^\d{1,32}$/, "An object id is digits.");

const DEFAULT_FIELDS = {
  current_user: "id,name",
  ad_accounts: "id,account_id,name,currency,account_status,timezone_name",
  campaigns: "id,account_id,name,status,effective_status,objective,daily_budget,created_time",
  adsets: "id,account_id,campaign_id,name,status,effective_status,daily_budget,optimization_goal,created_time",
  ads: "id,account_id,campaign_id,adset_id,name,status,effective_status,creative,created_time",
  adcreatives: "id,account_id,name,title,body,call_to_action_type",
  customconversions: "id,name,custom_event_type,rule,creation_time",
  adimages: "hash,name,width,height,url,created_time",
  advideos: "id,title,length,created_time",
  adspixels: "id,name,creation_time,last_fired_time",
} as const;

/** Only the connector's ad accounts are reachable. */
function requireAccount(ctx: ExecContext, accountId: string): string {
  if (!ctx.connector.accountIds.includes(accountId)) {
    throw new ApiError("forbidden", `${accountId} is not one of this connector's account_ids.`, { account_ids: ctx.connector.accountIds });
  }
  return accountId;
}

const withField = (fields: string, f: string) => (fields.split(",").includes(f) ? fields : `${fields},${f}`);
const page = (p: ListPage): ExecResult => ({ data: p.data, next_cursor: p.nextCursor });

function edgeList(edge: TAdAccountEdge, description: string) {
  return action({
    description,
    params: z.object({ account_id: ZAccount, fields: ZFields, limit: ZLimit, after: ZAfter }).strict(),
    run: async (ctx, p) => page(await listEdge(ctx.call, requireAccount(ctx, p.account_id), edge, { fields: p.fields ?? DEFAULT_FIELDS[edge], limit: p.limit, after: p.after })),
  });
}

/** Reads one object and answers not_found unless it belongs to one of the connector's accounts. */
async function ownedNode(ctx: ExecContext, id: string, fields: string): Promise<TGraphRecord> {
  let node: TGraphRecord;
  try {
    node = await getNode(ctx.call, id, withField(fields, "account_id"));
  } catch (err) {
    if (err instanceof ProviderError && err.kind === "invalid_input") throw new ApiError("not_found", `No object ${id} in this connector's ad accounts.`);
    throw err;
  }
  if (typeof node.account_id !== "string" || !ctx.connector.accountIds.includes(`act_${node.account_id}`)) {
    throw new ApiError("not_found", `No object ${id} in this connector's ad accounts.`);
  }
  return node;
}

function edgeGet(idParam: string, edge: TAdAccountEdge, description: string) {
  return action({
    description,
    params: z.object({ [idParam]: ZObjectId, fields: ZFields }).strict() as z.ZodType<Record<string, string | undefined>>,
    run: async (ctx, p) => ({ data: await ownedNode(ctx, p[idParam]!, p.fields ?? DEFAULT_FIELDS[edge]), next_cursor: null }),
  });
}

const STATUS = z.enum(["ACTIVE", "PAUSED"]);
const ZBudget = z
  .union([z.number().int(), z.string().regex(/^\d+$/)])
  .transform((v) => Number(v))
  .pipe(z.number().int().min(100).max(1_000_000_000))
  .meta({ description: "Daily budget in the account currency's minor unit (cents), as Meta takes it." });

function edgeUpdate(entity: string, idParam: string, readFields: string, budget: boolean) {
  const base = { [idParam]: ZObjectId, status: STATUS.optional(), name: z.string().trim().min(1).max(400).optional() };
  const shape = budget ? { ...base, daily_budget: ZBudget.optional() } : base;
  return action({
    description: `Update a ${entity.replace(/s$/, "").replace("_", " ")}: status (ACTIVE/PAUSED), name${budget ? ", daily_budget" : ""}. Needs allow_writes and ads_management.`,
    write: true,
    params: z
      .object(shape)
      .strict()
      .refine((p) => Object.keys(p).some((k) => k !== idParam), { message: `Give at least one of status, name${budget ? ", daily_budget" : ""}.` }) as z.ZodType<Record<string, string | number | undefined>>,
    run: async (ctx, p) => {
      if (!ctx.connector.allowWrites) throw new ApiError("forbidden", "Writes are off for this connector: create it (or PATCH it) with allow_writes: true.");
      if (!ctx.connector.scopes.includes("ads_management")) throw new ApiError("forbidden", "The connector's token lacks ads_management, which Meta requires for updates.");
      const id = String(p[idParam]);
      const before = await ownedNode(ctx, id, readFields);
      const change: Record<string, string> = {};
      for (const k of ["status", "name", "daily_budget"]) if (p[k] !== undefined) change[k] = String(p[k]);
      await updateNode(ctx.call, id, change);
      const after = await ownedNode(ctx, id, readFields);
      await ctx.db.insert(connectorWrites).values({ organizationId: ctx.connector.organizationId, connectorId: ctx.connector.id, apiKeyId: ctx.apiKeyId, entity, objectId: id, before, after });
      return { data: after, next_cursor: null };
    },
  });
}

// --- ads_insights ---------------------------------------------------------------------------

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are YYYY-MM-DD.");
export const INSIGHT_FIELDS = ["account_id", "account_name", "account_currency", "campaign_id", "campaign_name", "adset_id", "adset_name", "ad_id", "ad_name", "objective", "impressions", "reach", "clicks", "spend", "cpc", "cpm", "ctr", "frequency"] as const;
const ZInsightsParams = z
  .object({
    account_id: ZAccount.optional().meta({ description: "One of the connector's ad accounts; all of them when absent." }),
    fields: z
      .union([z.string(), z.array(z.string())])
      .transform((f) => (Array.isArray(f) ? f : f.split(",")).map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[a-z_]+$/, "An insights field is lower_snake_case.")).min(1).max(60))
      .transform((f) => f.join(","))
      .default(["impressions", "spend", "clicks", "reach"].join(","))
      .meta({ description: `Insights fields, e.g. ${INSIGHT_FIELDS.join(", ")}.` }),
    date_preset: z.enum(["today", "yesterday", "this_month", "last_month", "this_quarter", "maximum", "last_3d", "last_7d", "last_14d", "last_28d", "last_30d", "last_90d", "this_year", "last_year"]).optional(),
    time_range: z
      .object({ since: ZDate, until: ZDate })
      .refine((t) => t.since <= t.until, { message: "since must not be after until.", path: ["until"] })
      .optional(),
    level: z.enum(["account", "campaign", "adset", "ad"]).optional(),
    breakdowns: z
      .union([z.string(), z.array(z.string())])
      .transform((b) => (Array.isArray(b) ? b.join(",") : b).replace(/\s+/g, ""))
      .pipe(z.string().regex(/^[a-z_]+(,[a-z_]+)*$/, "breakdowns is a comma-separated list, e.g. age,gender."))
      .optional(),
    time_increment: z
      .union([z.literal("all_days"), z.literal("monthly"), z.coerce.number().int().min(1).max(90)])
      .transform(String)
      .optional()
      .meta({ description: "1 for daily rows, N for N-day rows, monthly, or all_days (default)." }),
    limit: ZLimit,
    after: ZAfter,
  })
  .strict()
  .refine((p) => !(p.date_preset && p.time_range), { message: "Give date_preset or time_range, not both.", path: ["time_range"] });

/** Cursor of an insights page: Meta's `after`, and the async report run it belongs to. */
interface InsightsCursor {
  a: string;
  r?: string;
  acct: string;
}
const encodeCursor = (c: InsightsCursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(raw: string): InsightsCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as InsightsCursor;
    if (typeof c.a === "string" && typeof c.acct === "string" && (c.r === undefined || /^\d+$/.test(c.r))) return c;
  } catch {
    // falls through
  }
  throw new ApiError("validation_failed", "after is not a cursor this API returned.", { issues: [{ path: "params.after", message: "Pass next_cursor back unchanged." }] });
}

/** Waits between report-run polls: Meta's jobs take seconds, so back off from 50 ms to 2 s. */
export const REPORT_POLL = { firstMs: 50, maxMs: 2000, maxWaitMs: 120_000 };

async function runReport(ctx: ExecContext, accountId: string, q: InsightsQuery, limit: number): Promise<ListPage & { runId: string }> {
  const runId = await startReportRun(ctx.call, accountId, q);
  let wait = REPORT_POLL.firstMs;
  for (let waited = 0; ; waited += wait, wait = Math.min(wait * 2, REPORT_POLL.maxMs)) {
    const s = await reportRunStatus(ctx.call, runId);
    if (s.status === "Job Completed") break;
    if (s.status === "Job Failed" || s.status === "Job Skipped") throw new ApiError("provider_error", `Meta's insights report ${runId} ended with "${s.status}".`);
    if (waited > REPORT_POLL.maxWaitMs) throw new ApiError("provider_error", `Meta's insights report ${runId} did not finish in time; try a shorter time_range.`);
    await new Promise((r) => setTimeout(r, wait));
  }
  return { ...(await reportRunPage(ctx.call, runId, { limit })), runId };
}

/** One account's insights page: synchronous, or an async report run when Meta says the request is too large. */
async function accountInsights(ctx: ExecContext, accountId: string, q: InsightsQuery, limit: number, after?: InsightsCursor): Promise<ExecResult> {
  const cursor = (p: ListPage, runId?: string) => (p.nextCursor ? encodeCursor({ a: p.nextCursor, r: runId, acct: accountId }) : null);
  if (after?.r) {
    const p = await reportRunPage(ctx.call, after.r, { limit, after: after.a });
    return { data: p.data, next_cursor: cursor(p, after.r) };
  }
  try {
    const p = await insightsPage(ctx.call, accountId, q, { limit, after: after?.a });
    return { data: p.data, next_cursor: cursor(p) };
  } catch (err) {
    if (!isTooMuchData(err)) throw err;
    const p = await runReport(ctx, accountId, q, limit);
    return { data: p.data, next_cursor: cursor(p, p.runId) };
  }
}

/** Rows per account page when reading every account at once. */
const ALL_ACCOUNTS_PAGE = 500;
const ALL_ACCOUNTS_MAX_ROWS = 50_000;

/**
 * Every connector account's insights at once: one Graph batch for the first pages (one upstream
 * request for up to 50 accounts), then each account's further pages and async fallbacks in
 * parallel. Returns every row (next_cursor null).
 */
async function allAccountsInsights(ctx: ExecContext, q: InsightsQuery): Promise<ExecResult> {
  const accounts = ctx.connector.accountIds;
  const first = await batchInsights(ctx.call, accounts, q, ALL_ACCOUNTS_PAGE);
  const perAccount = await Promise.all(
    accounts.map(async (acct, i) => {
      const p = first[i]!;
      let res: ExecResult;
      if (p instanceof ProviderError) {
        if (!isTooMuchData(p)) throw p;
        res = await accountInsights(ctx, acct, q, ALL_ACCOUNTS_PAGE);
      } else res = { data: p.data, next_cursor: p.nextCursor ? encodeCursor({ a: p.nextCursor, acct }) : null };
      const rows = [...(res.data as TGraphRecord[])];
      while (res.next_cursor && rows.length < ALL_ACCOUNTS_MAX_ROWS) {
        res = await accountInsights(ctx, acct, q, ALL_ACCOUNTS_PAGE, decodeCursor(res.next_cursor));
        rows.push(...(res.data as TGraphRecord[]));
      }
      return rows;
    }),
  );
  return { data: perAccount.flat(), next_cursor: null };
}

const insightsList = action({
  description: "Performance insights: fields, date_preset or time_range, level, breakdowns, time_increment. With account_id one page at a time; without, every account's rows at once.",
  params: ZInsightsParams,
  run: async (ctx, p) => {
    const q: InsightsQuery = { fields: p.fields, level: p.level, date_preset: p.date_preset, time_range: p.time_range, breakdowns: p.breakdowns, time_increment: p.time_increment };
    if (!p.account_id) {
      if (p.after) throw new ApiError("validation_failed", "after needs account_id: without it every account's rows come back at once.", { issues: [{ path: "params.after", message: "Give account_id with after." }] });
      return allAccountsInsights(ctx, q);
    }
    const acct = requireAccount(ctx, p.account_id);
    const after = p.after ? decodeCursor(p.after) : undefined;
    if (after && after.acct !== acct) throw new ApiError("validation_failed", "This cursor belongs to another account_id.", { issues: [{ path: "params.after", message: "Use it with the account_id it came from." }] });
    return accountInsights(ctx, acct, q, p.limit, after);
  },
});

// --- ad accounts and the user ---------------------------------------------------------------

async function connectorAccounts(ctx: ExecContext, fields: string): Promise<TGraphRecord[]> {
  const nodes = await getNodes(ctx.call, ctx.connector.accountIds, fields);
  return ctx.connector.accountIds.map((id) => nodes[id]).filter((n): n is TGraphRecord => !!n);
}

export const ENTITIES: Record<string, { description: string; actions: Record<string, ActionDef> }> = {
  current_user: {
    description: "The Facebook user (or system user) whose token the connector holds.",
    actions: {
      get: action({
        description: "The current user.",
        params: z.object({ fields: ZFields }).strict(),
        run: async (ctx, p) => ({ data: await currentUser(ctx.call, p.fields ?? DEFAULT_FIELDS.current_user), next_cursor: null }),
      }),
    },
  },
  ad_accounts: {
    description: "The connector's ad accounts (its account_ids).",
    actions: {
      list: action({
        description: "Every ad account of the connector.",
        params: z.object({ fields: ZFields }).strict(),
        run: async (ctx, p) => ({ data: await connectorAccounts(ctx, withField(p.fields ?? DEFAULT_FIELDS.ad_accounts, "id")), next_cursor: null }),
      }),
      get: action({
        description: "One ad account.",
        params: z.object({ account_id: ZAccount, fields: ZFields }).strict(),
        run: async (ctx, p) => ({ data: await getNode(ctx.call, requireAccount(ctx, p.account_id), p.fields ?? DEFAULT_FIELDS.ad_accounts), next_cursor: null }),
      }),
      search: action({
        description: "Ad accounts whose name contains `query` (case-insensitive).",
        params: z.object({ query: z.string().trim().min(1).max(200), fields: ZFields }).strict(),
        run: async (ctx, p) => {
          const all = await connectorAccounts(ctx, withField(p.fields ?? DEFAULT_FIELDS.ad_accounts, "name"));
          const q = p.query.toLowerCase();
          return { data: all.filter((a) => String(a.name ?? "").toLowerCase().includes(q)), next_cursor: null };
        },
      }),
    },
  },
  campaigns: {
    description: "Campaigns of an ad account.",
    actions: {
      list: edgeList("campaigns", "Campaigns of one of the connector's ad accounts, a page at a time."),
      get: edgeGet("campaign_id", "campaigns", "One campaign."),
      update: edgeUpdate("campaigns", "campaign_id", "id,account_id,name,status,daily_budget", true),
    },
  },
  ad_sets: {
    description: "Ad sets of an ad account.",
    actions: {
      list: edgeList("adsets", "Ad sets of one of the connector's ad accounts."),
      get: edgeGet("ad_set_id", "adsets", "One ad set."),
      update: edgeUpdate("ad_sets", "ad_set_id", "id,account_id,name,status,daily_budget", true),
    },
  },
  ads: {
    description: "Ads of an ad account.",
    actions: {
      list: edgeList("ads", "Ads of one of the connector's ad accounts."),
      get: edgeGet("ad_id", "ads", "One ad."),
      update: edgeUpdate("ads", "ad_id", "id,account_id,name,status", false),
    },
  },
  ad_creatives: {
    description: "Ad creatives of an ad account.",
    actions: {
      list: edgeList("adcreatives", "Creatives of one of the connector's ad accounts."),
      get: edgeGet("ad_creative_id", "adcreatives", "One creative."),
    },
  },
  ads_insights: { description: "Performance insights (Meta's Insights API).", actions: { list: insightsList } },
  custom_conversions: { description: "Custom conversions of an ad account.", actions: { list: edgeList("customconversions", "Custom conversions.") } },
  images: { description: "Ad images of an ad account.", actions: { list: edgeList("adimages", "Ad images.") } },
  videos: { description: "Ad videos of an ad account.", actions: { list: edgeList("advideos", "Ad videos.") } },
  pixels: { description: "Meta pixels of an ad account.", actions: { list: edgeList("adspixels", "Pixels.") } },
};

/** Entity → actions → params JSON Schema, for describe_entities and the OpenAPI document. */
export function describeEntities(): Array<{ entity: string; description: string; actions: Array<{ action: string; description: string; write: boolean; params: unknown }> }> {
  return Object.entries(ENTITIES).map(([entity, e]) => ({
    entity,
    description: e.description,
    actions: Object.entries(e.actions).map(([name, a]) => ({ action: name, description: a.description, write: !!a.write, params: z.toJSONSchema(a.params, { io: "input", unrepresentable: "any" }) })),
  }));
}

/** Validates `params` for the entity and action, then runs it. */
export async function executeAction(ctx: ExecContext, entity: string, actionName: string, params: unknown): Promise<ExecResult> {
  const e = ENTITIES[entity];
  if (!e) throw new ApiError("validation_failed", `Unknown entity "${entity}".`, { issues: [{ path: "entity", message: `One of: ${Object.keys(ENTITIES).join(", ")}.` }] });
  const a = e.actions[actionName];
  if (!a) throw new ApiError("validation_failed", `${entity} has no action "${actionName}".`, { issues: [{ path: "action", message: `One of: ${Object.keys(e.actions).join(", ")}.` }] });
  const parsed = a.params.safeParse(params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: ["params", ...i.path].map(String).join("."), message: i.message }));
    throw new ApiError("validation_failed", `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
  }
  return a.run(ctx, parsed.data);
}
