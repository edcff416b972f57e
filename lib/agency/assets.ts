import "server-only";
import { z } from "zod";
import type { HttpClient } from "@/lib/http";
import { batchLists, type TGraphRecord } from "@/lib/providers/facebook/ads";
import { ProviderError, type ClientCredentials } from "@/lib/providers/types";

/**
 * What a client can share with an agency, listed with the client's Meta user token: ad accounts
 * (`me/adaccounts`, disabled ones too, with their status), Pages (`me/accounts`, each with its
 * linked Instagram account) and Instagram accounts (each business's `owned_instagram_accounts`
 * and `instagram_accounts`, plus those linked to the listed Pages), de-duplicated, every list
 * followed to its last page. Round trips: one Graph batch for the three user lists, one for the
 * businesses' Instagram edges (25 businesses per batch), plus one per further page of any list.
 */

/** Meta's `account_status` values (Marketing API, Ad Account reference). */
const AD_ACCOUNT_STATUS: Record<number, string> = {
  1: "Active",
  2: "Disabled",
  3: "Unsettled",
  7: "Pending risk review",
  8: "Pending settlement",
  9: "In grace period",
  100: "Pending closure",
  101: "Closed",
  201: "Active",
  202: "Closed",
};
/** Statuses an agency cannot work with: shown, never selectable. */
const UNUSABLE_STATUS = new Set([2, 100, 101, 202]);

export const ZClientAdAccount = z.object({
  kind: z.literal("ad_account"),
  id: z.string(),
  name: z.string(),
  currency: z.string().nullable(),
  status: z.string(),
  selectable: z.boolean(),
  business: z.string().nullable(),
});
export const ZClientPage = z.object({
  kind: z.literal("page"),
  id: z.string(),
  name: z.string(),
  pictureUrl: z.string().nullable(),
  instagramUsername: z.string().nullable(),
});
export const ZClientInstagram = z.object({
  kind: z.literal("instagram_account"),
  id: z.string(),
  name: z.string(),
  pictureUrl: z.string().nullable(),
  /** Where it was found: a Page it is linked to, or the business that owns or was given it. */
  via: z.string(),
});
export const ZClientAssets = z.object({
  adAccounts: z.array(ZClientAdAccount),
  pages: z.array(ZClientPage),
  instagramAccounts: z.array(ZClientInstagram),
  /** The businesses the client can reach (an empty Instagram group says why with their number). */
  businesses: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Groups Meta would not list (a missing permission); the others are complete. */
  unavailable: z.array(z.enum(["ad_accounts", "pages", "instagram_accounts"])),
});
export type TClientAdAccount = z.infer<typeof ZClientAdAccount>;
export type TClientPage = z.infer<typeof ZClientPage>;
export type TClientInstagram = z.infer<typeof ZClientInstagram>;
export type TClientAssets = z.infer<typeof ZClientAssets>;
export type TClientAsset = TClientAdAccount | TClientPage | TClientInstagram;

const LIMIT = "100";
const AD_ACCOUNT_FIELDS = "id,account_id,name,currency,account_status,business{id,name}";
const PAGE_FIELDS = "id,name,picture{url},instagram_business_account{id,username,profile_picture_url}";
const BUSINESS_FIELDS = "id,name";
const IG_FIELDS = "id,username,profile_picture_url";

const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
const rec = (v: unknown): TGraphRecord | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as TGraphRecord) : null);
const query = (fields: string) => new URLSearchParams({ fields, limit: LIMIT }).toString();

function adAccountOf(r: TGraphRecord): TClientAdAccount | null {
  const id = str(r.id);
  if (!id) return null;
  const code = typeof r.account_status === "number" ? r.account_status : Number(r.account_status);
  return {
    kind: "ad_account",
    id,
    name: str(r.name) ?? id,
    currency: str(r.currency),
    status: AD_ACCOUNT_STATUS[code] ?? "Unknown",
    selectable: Number.isFinite(code) && AD_ACCOUNT_STATUS[code] !== undefined && !UNUSABLE_STATUS.has(code),
    business: str(rec(r.business)?.name),
  };
}

function pageOf(r: TGraphRecord): TClientPage | null {
  const id = str(r.id);
  if (!id) return null;
  return {
    kind: "page",
    id,
    name: str(r.name) ?? id,
    pictureUrl: str(rec(rec(r.picture)?.data)?.url),
    instagramUsername: str(rec(r.instagram_business_account)?.username),
  };
}

function instagramOf(r: TGraphRecord, via: string): TClientInstagram | null {
  const id = str(r.id);
  if (!id) return null;
  const username = str(r.username);
  return { kind: "instagram_account", id, name: username ? `@${username}` : id, pictureUrl: str(r.profile_picture_url), via };
}

function unique<T extends { id: string }>(items: Array<T | null>): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (item && !seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}

/** A list that failed for a reason other than the token itself is an unavailable group; a dead token ends the listing. */
function rows(list: TGraphRecord[] | ProviderError | undefined): TGraphRecord[] | null {
  if (list instanceof ProviderError) {
    if (list.kind === "auth" || list.kind === "transient" || list.kind === "rate_limit") throw list;
    return null;
  }
  return list ?? [];
}

/** Everything the client can share, from Meta, with their long-lived user token. Throws a ProviderError when the token no longer works. */
export async function listClientAssets(userToken: string, creds: ClientCredentials, client?: HttpClient): Promise<TClientAssets> {
  const call = { token: userToken, creds, client };
  const first = await batchLists(call, [
    { key: "adaccounts", relativeUrl: `me/adaccounts?${query(AD_ACCOUNT_FIELDS)}` },
    { key: "accounts", relativeUrl: `me/accounts?${query(PAGE_FIELDS)}` },
    { key: "businesses", relativeUrl: `me/businesses?${query(BUSINESS_FIELDS)}` },
  ]);
  const adRows = rows(first.get("adaccounts"));
  const pageRows = rows(first.get("accounts"));
  const businessRows = rows(first.get("businesses"));
  const businesses = (businessRows ?? []).flatMap((b) => (str(b.id) ? [{ id: str(b.id)!, name: str(b.name) ?? str(b.id)! }] : []));

  const edges = await batchLists(
    call,
    businesses.flatMap((b) => [
      { key: `${b.id}/owned`, relativeUrl: `${b.id}/owned_instagram_accounts?${query(IG_FIELDS)}` },
      { key: `${b.id}/all`, relativeUrl: `${b.id}/instagram_accounts?${query(IG_FIELDS)}` },
    ]),
  );
  const fromBusinesses = businesses.flatMap((b) =>
    (["owned", "all"] as const).flatMap((edge) => {
      const list = edges.get(`${b.id}/${edge}`);
      // One business Meta will not answer for (no role on it any more) does not hide the others.
      if (list instanceof ProviderError) {
        if (list.kind === "auth") throw list;
        return [];
      }
      return (list ?? []).map((r) => instagramOf(r, b.name));
    }),
  );
  const fromPages = (pageRows ?? []).map((p) => {
    const ig = rec(p.instagram_business_account);
    return ig ? instagramOf(ig, str(p.name) ?? "a Page") : null;
  });

  const unavailable: TClientAssets["unavailable"] = [];
  if (adRows === null) unavailable.push("ad_accounts");
  if (pageRows === null) unavailable.push("pages");
  if (businessRows === null && pageRows === null) unavailable.push("instagram_accounts");
  return {
    adAccounts: unique((adRows ?? []).map(adAccountOf)),
    pages: unique((pageRows ?? []).map(pageOf)),
    instagramAccounts: unique([...fromPages, ...fromBusinesses]),
    businesses,
    unavailable,
  };
}
