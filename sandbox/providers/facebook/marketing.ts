/** Marketing API: me/adaccounts, me/businesses, business assets, act_{id}/campaigns|adsets|ads|adcreatives|insights. */
import { json, param } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E, metaError } from "../meta/errors";
import type { GraphNode } from "../meta/fields";
import { authenticate, fieldSpecs, graphRoute, publicUrl, requireScope, selectEach, type Caller } from "../meta/graph";
import { paginate } from "../meta/paging";
import { adAccountsOfUser, FB } from "./fixtures";
import { BREAKDOWN_VALUES, DATE_PRESETS, metrics, presetRange } from "./marketing-data";
import { accountAssets, findAdObject, liveAdEntities } from "./marketing-objects";
import { adAccountNode, businessNode, canSeeAdAccount, igNode, pageNode } from "./nodes";
import { nextId, type FacebookState } from "./state";

const HOST = "graph.facebook.com";
const ADS = ["ads_read", "ads_management"];

function list(req: SandboxRequest, items: GraphNode[], defaults: string[]): Response {
  const specs = fieldSpecs(req);
  if (specs instanceof Response) return specs;
  const page = paginate(items as Array<GraphNode & { id: string }>, req.query, publicUrl(req));
  if (!page.ok) return E.param(page.message);
  const data = selectEach(page.data, specs, defaults);
  if (data instanceof Response) return data;
  return json(page.paging ? { data, paging: page.paging } : { data });
}

function userCaller(req: SandboxRequest, ctx: SandboxContext, scopes: string[]): Caller | Response {
  const caller = authenticate(req, ctx, "facebook", { aboutMe: req.path.includes("/me/") });
  if (caller instanceof Response) return caller;
  if (caller.token.kind !== "user") return E.param("(#100) This call requires a user access token");
  return requireScope(caller, scopes) ?? caller;
}

const granted = (list: unknown, id: string) => !Array.isArray(list) || list.includes(id);

function businessCaller(req: SandboxRequest, ctx: SandboxContext): Caller | Response {
  const caller = userCaller(req, ctx, ["business_management"]);
  if (caller instanceof Response) return caller;
  const id = req.params.id!;
  const member = FB.user(caller.token.userId)?.businessIds.includes(id) && granted(caller.token.extra.grantedBusinesses, id);
  return member ? caller : E.unsupported("GET", id);
}

function adAccountCaller(req: SandboxRequest, ctx: SandboxContext): Caller | Response {
  const caller = authenticate(req, ctx, "facebook");
  if (caller instanceof Response) return caller;
  const id = req.params.id!;
  if (!FB.adAccount(id) || !canSeeAdAccount(caller, id)) return E.unsupported("GET", id);
  if (!ADS.some((s) => caller.token.scopes.includes(s))) {
    return metaError(403, { message: "(#200) Ad account owner has NOT grant ads_management or ads_read permission", code: 200 });
  }
  return caller;
}

const INFO_FIELDS = ["account_id", "account_name", "account_currency", "campaign_id", "campaign_name", "adset_id", "adset_name", "ad_id", "ad_name", "objective"];

/** The ids and names an insights row carries at its level. */
function entityInfo(actId: string, level: string, ent: GraphNode, e: ReturnType<typeof liveAdEntities>): Record<string, string | undefined> {
  const acct = FB.adAccount(actId)!;
  const info: Record<string, string | undefined> = { account_id: actId.replace("act_", ""), account_name: acct.name, account_currency: acct.currency };
  const campaign = level === "campaign" ? ent : level !== "account" ? e.campaigns.find((c) => c.id === ent.campaign_id) : undefined;
  const adset = level === "adset" ? ent : level === "ad" ? e.adsets.find((a) => a.id === ent.adset_id) : undefined;
  if (campaign) Object.assign(info, { campaign_id: String(campaign.id), campaign_name: String(campaign.name), objective: String(campaign.objective) });
  if (adset) Object.assign(info, { adset_id: String(adset.id), adset_name: String(adset.name) });
  if (level === "ad") Object.assign(info, { ad_id: String(ent.id), ad_name: String(ent.name) });
  return info;
}

/** Meta's answer when a synchronous insights call would take too long: use an async report run. */
export const SYNC_INSIGHTS_MAX_ROWS = 5000;

type Row = Record<string, string> & { id: string };

/** The insights rows for one account and a set of parameters (query, form or a stored report run). */
function insightRows(actId: string, get: (name: string) => string | undefined, state: FacebookState, now: number, maxRows = Infinity): Row[] | Response {
  const level = get("level") ?? "account";
  if (!["account", "campaign", "adset", "ad"].includes(level)) return E.param(`(#100) level must be one of the following values: ad, adset, campaign, account`);
  let since: string;
  let until: string;
  const timeRange = get("time_range");
  const preset = get("date_preset");
  if (timeRange) {
    try {
      const tr = JSON.parse(timeRange) as { since?: string; until?: string };
      if (!tr.since || !tr.until || !/^\d{4}-\d{2}-\d{2}$/.test(tr.since) || !/^\d{4}-\d{2}-\d{2}$/.test(tr.until) || tr.since > tr.until) throw new Error();
      [since, until] = [tr.since, tr.until];
    } catch {
      return E.param("(#100) time_range must be a JSON object {'since':'YYYY-MM-DD','until':'YYYY-MM-DD'} with since <= until");
    }
  } else {
    if (preset && !DATE_PRESETS.includes(preset)) return E.param(`(#100) date_preset must be one of the following values: ${DATE_PRESETS.join(", ")}`);
    [since, until] = presetRange(preset ?? "last_30d", now);
  }
  const breakdowns = (get("breakdowns") ?? "").split(",").filter(Boolean);
  for (const b of breakdowns) if (!(b in BREAKDOWN_VALUES)) return E.param(`(#100) breakdowns[0] must be one of the following values: ${Object.keys(BREAKDOWN_VALUES).join(", ")}`);
  const fields = (get("fields") ?? "impressions,spend").split(",").map((f) => f.trim()).filter(Boolean);
  const increment = get("time_increment") ?? "all_days";
  if (!/^(all_days|monthly|[1-9]\d?)$/.test(increment) || Number(increment) > 90) return E.param("(#100) time_increment must be 'all_days', 'monthly' or an integer from 1 to 90");

  const e = liveAdEntities(state, actId);
  const entities: GraphNode[] = level === "campaign" ? e.campaigns : level === "adset" ? e.adsets : level === "ad" ? e.ads : [{ id: actId }];
  const days: Array<[string, string]> = [];
  const step = /^\d+$/.test(increment) ? Number(increment) : 0;
  if (step > 0) {
    for (let d = Date.parse(since); d <= Date.parse(until); d += step * 86_400_000) {
      const stop = Math.min(d + (step - 1) * 86_400_000, Date.parse(until));
      days.push([new Date(d).toISOString().slice(0, 10), new Date(stop).toISOString().slice(0, 10)]);
    }
  } else days.push([since, until]);
  const combos: Array<Record<string, string>> = breakdowns.reduce<Array<Record<string, string>>>(
    (acc, b) => acc.flatMap((c) => BREAKDOWN_VALUES[b]!.map((v) => ({ ...c, [b]: v }))),
    [{}],
  );
  if (entities.length * days.length * combos.length > maxRows) {
    return metaError(400, { message: "Please reduce the amount of data you're asking for, then retry your request", code: 1, error_subcode: 99, is_transient: false });
  }
  const rows: Row[] = [];
  for (const ent of entities) {
    for (const [ds, de] of days) {
      for (const combo of combos) {
        // Daily rows differ from day to day; the same request always gives the same numbers.
        const m = metrics(`${ent.id}:${JSON.stringify(combo)}${days.length > 1 ? `:${ds}` : ""}`, ds, de);
        const info = entityInfo(actId, level, ent, e);
        const row: Record<string, string> = { account_id: info.account_id! };
        for (const f of fields) {
          if (f in m) row[f] = m[f]!;
          else if (INFO_FIELDS.includes(f)) {
            if (info[f] !== undefined) row[f] = info[f]!;
          } else return E.param(`(#100) ${f} is not valid for fields param. please check https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all valid values`);
        }
        rows.push({ ...row, ...combo, date_start: ds, date_stop: de, id: `${ent.id}:${ds}:${JSON.stringify(combo)}` });
      }
    }
  }
  return rows;
}

function pageOfRows(req: SandboxRequest, rows: Row[]): Response {
  const page = paginate(rows, req.query, publicUrl(req));
  if (!page.ok) return E.param(page.message);
  const data = page.data.map(({ id: _id, ...r }) => r);
  return json(page.paging ? { data, paging: page.paging } : { data });
}

function insightsRoutes(stateOf: (ctx: SandboxContext) => FacebookState): Route[] {
  // GET act_{id}/insights (synchronous) or GET {report_run_id}/insights (an async job's results).
  const read = (req: SandboxRequest, ctx: SandboxContext): Response => {
    const state = stateOf(ctx);
    const run = state.reportRuns.get(req.params.id!);
    if (run) {
      const caller = authenticate(req, ctx, "facebook");
      if (caller instanceof Response) return caller;
      if (caller.token.userId !== run.userId) return E.unsupported("GET", run.id);
      if (run.polls < 2) return E.param("(#100) The report is not ready yet: poll GET /{report_run_id} until async_status is 'Job Completed'", 2446, {});
      const rows = insightRows(run.actId, (k) => run.params.get(k) ?? undefined, state, run.createdAt);
      return rows instanceof Response ? rows : pageOfRows(req, rows);
    }
    const caller = adAccountCaller(req, ctx);
    if (caller instanceof Response) return caller;
    const rows = insightRows(req.params.id!, (k) => param(req, k), state, ctx.clock.now(), SYNC_INSIGHTS_MAX_ROWS);
    return rows instanceof Response ? rows : pageOfRows(req, rows);
  };
  // POST act_{id}/insights: start an async report run.
  const start = (req: SandboxRequest, ctx: SandboxContext): Response => {
    const caller = adAccountCaller(req, ctx);
    if (caller instanceof Response) return caller;
    const state = stateOf(ctx);
    const params = new URLSearchParams();
    for (const k of ["fields", "level", "date_preset", "time_range", "breakdowns", "time_increment"]) {
      const v = param(req, k);
      if (v !== undefined) params.set(k, v);
    }
    const check = insightRows(req.params.id!, (k) => params.get(k) ?? undefined, state, ctx.clock.now());
    if (check instanceof Response) return check;
    const id = nextId(state, "6120");
    state.reportRuns.set(id, { id, actId: req.params.id!, params, createdAt: ctx.clock.now(), polls: 0, userId: caller.token.userId });
    return json({ report_run_id: id });
  };
  return [...graphRoute(HOST, "GET", "/{id}/insights", read), ...graphRoute(HOST, "POST", "/{id}/insights", start)];
}

const STATUSES = ["ACTIVE", "PAUSED", "ARCHIVED", "DELETED"];

/** POST /{campaign|adset|ad id}: status, name, daily_budget (minor units); needs ads_management. */
function updateRoute(stateOf: (ctx: SandboxContext) => FacebookState): Route[] {
  return graphRoute(HOST, "POST", "/{id}", (req, ctx) => {
    const caller = authenticate(req, ctx, "facebook");
    if (caller instanceof Response) return caller;
    const state = stateOf(ctx);
    const found = findAdObject(state, req.params.id!);
    if (!found || !canSeeAdAccount(caller, found.actId) || found.kind === "adcreatives") return E.unsupported("POST", req.params.id!);
    if (!caller.token.scopes.includes("ads_management")) return E.manageObject("ads_management");
    const edit: Record<string, string> = {};
    const status = param(req, "status");
    if (status !== undefined) {
      if (!STATUSES.includes(status)) return E.param(`(#100) Param status must be one of {${STATUSES.join(", ")}}`);
      Object.assign(edit, { status, effective_status: status });
    }
    const name = param(req, "name");
    if (name !== undefined) {
      if (!name.trim() || name.length > 400) return E.param("(#100) Param name must be a non-empty string of at most 400 characters");
      edit.name = name;
    }
    const budget = param(req, "daily_budget");
    if (budget !== undefined) {
      if (found.kind === "ads") return E.param("(#100) Param daily_budget is not a valid field for an ad");
      if (!/^\d+$/.test(budget) || Number(budget) < 100) return E.param("(#100) The daily budget is too low or not a whole number of the currency's minor unit", 1885272);
      edit.daily_budget = String(Number(budget));
    }
    if (Object.keys(edit).length === 0) return E.param("(#100) Nothing to update: pass status, name or daily_budget");
    state.adEdits.set(found.node.id as string, { ...state.adEdits.get(found.node.id as string), ...edit });
    return json({ success: true });
  });
}

export function marketingRoutes(stateOf: (ctx: SandboxContext) => FacebookState): Route[] {
  const edges = ["campaigns", "adsets", "ads", "adcreatives"] as const;
  const assetEdges = ["customconversions", "adimages", "advideos", "adspixels"] as const;
  return [
    ...graphRoute(HOST, "GET", "/me/adaccounts", (req, ctx) => {
      const caller = userCaller(req, ctx, ADS);
      if (caller instanceof Response) return caller;
      const accounts = adAccountsOfUser(caller.token.userId).filter((a) => canSeeAdAccount(caller, a.id));
      return list(req, accounts.map(adAccountNode), ["account_id", "id"]);
    }),
    ...graphRoute(HOST, "GET", "/me/businesses", (req, ctx) => {
      const caller = userCaller(req, ctx, ["business_management"]);
      if (caller instanceof Response) return caller;
      const ids = (FB.user(caller.token.userId)?.businessIds ?? []).filter((id) => granted(caller.token.extra.grantedBusinesses, id));
      return list(req, ids.map((id) => businessNode(id, req.sandboxUrl)!), ["id", "name"]);
    }),
    ...graphRoute(HOST, "GET", "/{id}/owned_instagram_accounts", (req, ctx) => {
      const caller = businessCaller(req, ctx);
      if (caller instanceof Response) return caller;
      // Only the Instagram accounts the person ticked in the login dialog, as for every other asset.
      const ids = FB.business(req.params.id!)!.ownedIgIds.filter((id) => granted(caller.token.extra.grantedIg, id));
      return list(req, ids.map((id) => igNode(FB.ig(id)!, req.sandboxUrl)), ["id"]);
    }),
    ...graphRoute(HOST, "GET", "/{id}/instagram_accounts", (req, ctx) => {
      const caller = businessCaller(req, ctx);
      if (caller instanceof Response) return caller;
      const b = FB.business(req.params.id!)!;
      const ids = [...b.ownedIgIds, ...b.clientIgIds].filter((id) => granted(caller.token.extra.grantedIg, id));
      return list(req, ids.map((id) => igNode(FB.ig(id)!, req.sandboxUrl)), ["id"]);
    }),
    ...graphRoute(HOST, "GET", "/{id}/owned_pages", (req, ctx) => {
      const caller = businessCaller(req, ctx);
      if (caller instanceof Response) return caller;
      const state = stateOf(ctx);
      return list(req, FB.business(req.params.id!)!.pageIds.map((id) => pageNode(FB.page(id)!, ctx, state, caller, req.sandboxUrl)), ["id", "name"]);
    }),
    ...graphRoute(HOST, "GET", "/{id}/owned_ad_accounts", (req, ctx) => {
      const caller = businessCaller(req, ctx);
      if (caller instanceof Response) return caller;
      return list(req, FB.business(req.params.id!)!.adAccountIds.map((id) => adAccountNode(FB.adAccount(id)!)), ["id"]);
    }),
    ...edges.flatMap((edge) =>
      graphRoute(HOST, "GET", `/{id}/${edge}`, (req, ctx) => {
        const caller = adAccountCaller(req, ctx);
        if (caller instanceof Response) return caller;
        return list(req, liveAdEntities(stateOf(ctx), req.params.id!)[edge], ["id"]);
      }),
    ),
    ...assetEdges.flatMap((edge) =>
      graphRoute(HOST, "GET", `/{id}/${edge}`, (req, ctx) => {
        const caller = adAccountCaller(req, ctx);
        if (caller instanceof Response) return caller;
        return list(req, accountAssets(req.params.id!, req.sandboxUrl)[edge], edge === "adimages" ? ["hash", "id"] : ["id"]);
      }),
    ),
    ...insightsRoutes(stateOf),
    ...updateRoute(stateOf),
  ];
}

