/** Marketing API: me/adaccounts, me/businesses, business assets, act_{id}/campaigns|adsets|ads|adcreatives|insights. */
import { json, param } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E, metaError } from "../meta/errors";
import type { GraphNode } from "../meta/fields";
import { authenticate, fieldSpecs, graphRoute, publicUrl, requireScope, selectEach, type Caller } from "../meta/graph";
import { paginate } from "../meta/paging";
import { adAccountsOfUser, FB } from "./fixtures";
import { BREAKDOWN_VALUES, DATE_PRESETS, adEntities, metrics, presetRange } from "./marketing-data";
import { adAccountNode, businessNode, canSeeAdAccount, igNode, pageNode } from "./nodes";
import type { FacebookState } from "./state";

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
function entityInfo(actId: string, level: string, ent: GraphNode, e: ReturnType<typeof adEntities>): Record<string, string | undefined> {
  const acct = FB.adAccount(actId)!;
  const info: Record<string, string | undefined> = { account_id: actId.replace("act_", ""), account_name: acct.name, account_currency: acct.currency };
  const campaign = level === "campaign" ? ent : level !== "account" ? e.campaigns.find((c) => c.id === ent.campaign_id) : undefined;
  const adset = level === "adset" ? ent : level === "ad" ? e.adsets.find((a) => a.id === ent.adset_id) : undefined;
  if (campaign) Object.assign(info, { campaign_id: String(campaign.id), campaign_name: String(campaign.name), objective: String(campaign.objective) });
  if (adset) Object.assign(info, { adset_id: String(adset.id), adset_name: String(adset.name) });
  if (level === "ad") Object.assign(info, { ad_id: String(ent.id), ad_name: String(ent.name) });
  return info;
}

function insights(req: SandboxRequest, ctx: SandboxContext): Response {
  const caller = adAccountCaller(req, ctx);
  if (caller instanceof Response) return caller;
  const actId = req.params.id!;
  const level = param(req, "level") ?? "account";
  if (!["account", "campaign", "adset", "ad"].includes(level)) return E.param(`(#100) level must be one of the following values: ad, adset, campaign, account`);
  let since: string;
  let until: string;
  const timeRange = param(req, "time_range");
  const preset = param(req, "date_preset");
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
    [since, until] = presetRange(preset ?? "last_30d", ctx.clock.now());
  }
  const breakdowns = (param(req, "breakdowns") ?? "").split(",").filter(Boolean);
  for (const b of breakdowns) if (!(b in BREAKDOWN_VALUES)) return E.param(`(#100) breakdowns[0] must be one of the following values: ${Object.keys(BREAKDOWN_VALUES).join(", ")}`);
  const fields = (param(req, "fields") ?? "impressions,spend").split(",").map((f) => f.trim()).filter(Boolean);

  const e = adEntities(actId);
  const entities: GraphNode[] = level === "campaign" ? e.campaigns : level === "adset" ? e.adsets : level === "ad" ? e.ads : [{ id: actId }];
  const days: Array<[string, string]> = [];
  if (param(req, "time_increment") === "1") {
    for (let d = Date.parse(since); d <= Date.parse(until); d += 86_400_000) days.push([new Date(d).toISOString().slice(0, 10), new Date(d).toISOString().slice(0, 10)]);
  } else days.push([since, until]);
  const combos: Array<Record<string, string>> = breakdowns.reduce<Array<Record<string, string>>>(
    (acc, b) => acc.flatMap((c) => BREAKDOWN_VALUES[b]!.map((v) => ({ ...c, [b]: v }))),
    [{}],
  );
  const rows: Array<Record<string, string> & { id: string }> = [];
  for (const ent of entities) {
    for (const [ds, de] of days) {
      for (const combo of combos) {
        const m = metrics(`${ent.id}:${JSON.stringify(combo)}`, ds, de);
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
  const page = paginate(rows, req.query, publicUrl(req));
  if (!page.ok) return E.param(page.message);
  const data = page.data.map(({ id: _id, ...r }) => r);
  return json(page.paging ? { data, paging: page.paging } : { data });
}

export function marketingRoutes(stateOf: (ctx: SandboxContext) => FacebookState): Route[] {
  const edges = ["campaigns", "adsets", "ads", "adcreatives"] as const;
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
      return list(req, FB.business(req.params.id!)!.ownedIgIds.map((id) => igNode(FB.ig(id)!, req.sandboxUrl)), ["id"]);
    }),
    ...graphRoute(HOST, "GET", "/{id}/instagram_accounts", (req, ctx) => {
      const caller = businessCaller(req, ctx);
      if (caller instanceof Response) return caller;
      const b = FB.business(req.params.id!)!;
      return list(req, [...b.ownedIgIds, ...b.clientIgIds].map((id) => igNode(FB.ig(id)!, req.sandboxUrl)), ["id"]);
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
        return list(req, adEntities(req.params.id!)[edge], ["id"]);
      }),
    ),
    ...graphRoute(HOST, "GET", "/{id}/insights", insights),
  ];
}

