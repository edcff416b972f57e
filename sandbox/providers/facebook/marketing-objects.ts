/**
 * Ad objects as they live in the sandbox: the seeded campaigns, ad sets, ads and creatives with
 * the edits made through `POST /{id}` laid over them, the account's other edges
 * (customconversions, adimages, advideos, adspixels) and async insights report runs.
 */
import { createHash } from "node:crypto";
import { avatarUrl } from "../../core/avatar";
import type { GraphNode } from "../meta/fields";
import { FB } from "./fixtures";
import { adEntities, type AdEntities } from "./marketing-data";
import type { FacebookState } from "./state";

export type AdObjectKind = "campaigns" | "adsets" | "ads" | "adcreatives";

/** The account's ad objects with the sandbox's edits applied. */
export function liveAdEntities(state: FacebookState, actId: string): AdEntities {
  const base = adEntities(actId);
  const overlay = (nodes: GraphNode[]) => nodes.map((n) => ({ ...n, ...state.adEdits.get(String(n.id)) }));
  return { campaigns: overlay(base.campaigns), adsets: overlay(base.adsets), ads: overlay(base.ads), adcreatives: overlay(base.adcreatives) };
}

/** One ad object by id, with its ad account and kind; undefined when no fixture account has it. */
export function findAdObject(state: FacebookState, id: string): { actId: string; kind: AdObjectKind; node: GraphNode } | undefined {
  if (!/^2385\d+$/.test(id)) return undefined;
  for (const acct of FB.adAccounts) {
    // Ids embed the account's last six digits (see adEntities).
    if (!id.startsWith(`2385${acct.id.slice(-6)}`)) continue;
    const e = liveAdEntities(state, acct.id);
    for (const kind of ["campaigns", "adsets", "ads", "adcreatives"] as const) {
      const node = e[kind].find((n) => n.id === id);
      if (node) return { actId: acct.id, kind, node };
    }
  }
  return undefined;
}

function n(seed: string, mod: number): number {
  return createHash("sha256").update(seed).digest().readUInt32BE(0) % mod;
}

const created = "2025-02-03T10:15:00+0000";

/** customconversions, adimages, advideos, adspixels of one account: deterministic, a few of each. */
export function accountAssets(actId: string, sandboxUrl: string): Record<"customconversions" | "adimages" | "advideos" | "adspixels", GraphNode[]> {
  const acct = actId.replace("act_", "");
  const base = acct.slice(-6);
  const pixelId = `7001${base}01`;
  const pixels: GraphNode[] = [
    {
      __type: "AdsPixel",
      id: pixelId,
      name: `${FB.adAccount(actId)?.name ?? acct} Pixel`,
      creation_time: created,
      last_fired_time: "2026-12-06T22:41:09+0000",
      is_unavailable: false,
      owner_ad_account: { __type: "AdAccount", id: actId, account_id: acct },
    },
  ];
  const customconversions: GraphNode[] = ["Purchase over $100", "Newsletter sign-up"].map((name, i) => ({
    __type: "CustomConversion",
    id: `7002${base}0${i}`,
    account_id: acct,
    name,
    custom_event_type: i === 0 ? "PURCHASE" : "COMPLETE_REGISTRATION",
    rule: JSON.stringify(i === 0 ? { and: [{ event: { eq: "Purchase" } }, { value: { gt: 100 } }] } : { url: { i_contains: "/newsletter/thanks" } }),
    pixel: { __type: "AdsPixel", id: pixelId },
    creation_time: created,
    is_archived: false,
  }));
  const adimages: GraphNode[] = [0, 1, 2].map((i) => {
    const hash = createHash("md5").update(`${actId}:image:${i}`).digest("hex");
    return {
      __type: "AdImage",
      id: `${acct}:${hash}`,
      account_id: acct,
      hash,
      name: `creative-${i + 1}.jpg`,
      width: 1080,
      height: i === 2 ? 1350 : 1080,
      url: avatarUrl(sandboxUrl, hash, `Creative ${i + 1}`),
      status: "ACTIVE",
      created_time: created,
    };
  });
  const advideos: GraphNode[] = [0, 1].map((i) => ({
    __type: "AdVideo",
    id: `7003${base}0${i}`,
    title: i === 0 ? "Behind the looms (15s)" : "Product tour (30s)",
    length: i === 0 ? 15.02 : 30.5 + n(actId, 10) / 10,
    created_time: created,
    updated_time: created,
    status: { video_status: "ready" },
  }));
  return { customconversions, adimages, advideos, adspixels: pixels };
}

/** An async insights job (`POST act_{id}/insights`): parameters kept, results computed on read. */
export interface ReportRun {
  id: string;
  actId: string;
  params: URLSearchParams;
  createdAt: number;
  /** Status reads so far: the job completes on the second read, as Meta's usually take a moment. */
  polls: number;
  userId: string;
}

export function reportRunNode(run: ReportRun): GraphNode {
  const done = run.polls >= 2;
  return {
    __type: "AdReportRun",
    id: run.id,
    account_id: run.actId.replace("act_", ""),
    async_status: done ? "Job Completed" : run.polls === 0 ? "Job Not Started" : "Job Running",
    async_percent_completion: done ? 100 : run.polls === 0 ? 0 : 50,
    time_ref: Math.floor(run.createdAt / 1000),
    time_completed: done ? Math.floor(run.createdAt / 1000) + 2 : 0,
    is_running: !done,
  };
}
