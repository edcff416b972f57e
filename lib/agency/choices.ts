import "server-only";
import type { DbOrTx } from "@/db/client";
import type { TAccessRequest, TClientConnection, TPendingChoice } from "@/db/schema";
import { createPendingChoice, findPendingChoice, takePendingChoice, type TPendingOwner } from "@/lib/pending-choices";
import type { TClientAssets } from "./assets";

/**
 * What an agency's client may share, waiting for their pick in MetaAssetSelector: a thin layer
 * over the one pending-choice store (`lib/pending-choices.ts`, kind `agency_assets`, an hour).
 * Listed once when the client authorizes; held by the access link (the client has no account) in
 * the agency's organization; the browser that authorized holds only the choice's id (a sealed
 * cookie, `lib/agency/authorize.ts`); taken once when the client confirms. The public part is the
 * listing (names, pictures, statuses); the private part names the client connection it is for.
 * Re-authorizing through the link replaces the waiting choice (one per link).
 */

/** The private part: the client connection whose authorization listed these assets (where the pick is saved). */
interface TAssetSecret {
  connectionId: string;
}

const owner = (request: TAccessRequest): TPendingOwner => ({ kind: "agency_assets", organizationId: request.organizationId, accessRequestId: request.id });

const GROUPS = ["ad_account", "page", "instagram_account", "business"] as const;

/** The listing as the store's public choices, each in its group (businesses only explain an empty Instagram group). */
function toChoices(assets: TClientAssets): TPendingChoice[] {
  return [
    ...assets.adAccounts.map((a) => ({
      id: a.id,
      name: a.name,
      group: "ad_account",
      detail: [a.id.replace(/^act_/, ""), a.currency, a.business].filter(Boolean).join(" · "),
      selectable: a.selectable,
      reason: a.selectable ? null : a.status,
    })),
    ...assets.pages.map((p) => ({ id: p.id, name: p.name, group: "page", avatarUrl: p.pictureUrl, handle: p.instagramUsername })),
    ...assets.instagramAccounts.map((i) => ({ id: i.id, name: i.name, group: "instagram_account", avatarUrl: i.pictureUrl, detail: `via ${i.via}` })),
    ...assets.businesses.map((b) => ({ id: b.id, name: b.name, group: "business", selectable: false })),
  ];
}

/** The selector's view of stored choices. */
export interface TAssetChoices {
  adAccounts: Array<{ id: string; name: string; detail: string | null; unavailable: string | null }>;
  pages: Array<{ id: string; name: string; pictureUrl: string | null; instagramUsername: string | null }>;
  instagramAccounts: Array<{ id: string; name: string; pictureUrl: string | null; detail: string | null }>;
  businesses: number;
}

function fromChoices(choices: TPendingChoice[]): TAssetChoices {
  const of = (group: (typeof GROUPS)[number]) => choices.filter((c) => c.group === group);
  return {
    adAccounts: of("ad_account").map((c) => ({ id: c.id, name: c.name, detail: c.detail ?? null, unavailable: c.selectable === false ? (c.reason ?? "Unavailable") : null })),
    pages: of("page").map((c) => ({ id: c.id, name: c.name, pictureUrl: c.avatarUrl ?? null, instagramUsername: c.handle ?? null })),
    instagramAccounts: of("instagram_account").map((c) => ({ id: c.id, name: c.name, pictureUrl: c.avatarUrl ?? null, detail: c.detail ?? null })),
    businesses: of("business").length,
  };
}

/**
 * Keeps the client's listing for their pick (replacing an earlier one of the same link); answers
 * the choice's id, which only the browser that authorized gets.
 */
export async function storeAssetChoices(
  db: DbOrTx,
  request: TAccessRequest,
  connection: TClientConnection,
  assets: TClientAssets,
): Promise<string> {
  const secret: TAssetSecret = { connectionId: connection.id };
  return createPendingChoice(db, { ...owner(request), platform: "facebook", choices: toChoices(assets), secret, replace: true, providerUserId: connection.metaUserId });
}

export type TAssetChoiceView = { status: "none" } | { status: "expired" } | { status: "ready"; assets: TAssetChoices };

/** The listing waiting behind this choice id for this link: ready, expired, or none (another link's, taken, or never). */
export async function findAssetChoices(db: DbOrTx, request: TAccessRequest, choiceId: string): Promise<TAssetChoiceView> {
  const found = await findPendingChoice(db, { ...owner(request), id: choiceId });
  if (!found) return { status: "none" };
  if (!found.live) return { status: "expired" };
  return { status: "ready", assets: fromChoices(found.choices) };
}

/** The ids a selection names that the listing offers and that may be picked (an unknown id or a disabled ad account never is). */
export function pickFromChoices(assets: TAssetChoices, selection: { adAccounts: string[]; pages: string[]; instagramAccounts: string[] }) {
  const has = (list: string[]) => new Set(list);
  const ad = has(selection.adAccounts);
  const pg = has(selection.pages);
  const ig = has(selection.instagramAccounts);
  return [
    ...assets.adAccounts.filter((a) => ad.has(a.id) && a.unavailable === null).map((a) => ({ kind: "ad_account" as const, id: a.id, name: a.name })),
    ...assets.pages.filter((p) => pg.has(p.id)).map((p) => ({ kind: "page" as const, id: p.id, name: p.name })),
    ...assets.instagramAccounts.filter((i) => ig.has(i.id)).map((i) => ({ kind: "instagram_account" as const, id: i.id, name: i.name })),
  ];
}

export type TTakenAssetChoices = { ok: true; assets: TAssetChoices; connectionId: string } | { ok: false; code: "not_found" | "selection_expired" };

/** Takes the listing once (a replay, another link's id or a taken one: not_found; past its hour: selection_expired). */
export async function takeAssetChoices(db: DbOrTx, request: TAccessRequest, choiceId: string): Promise<TTakenAssetChoices> {
  const taken = await takePendingChoice<TAssetSecret>(db, { ...owner(request), id: choiceId });
  if (!taken) return { ok: false, code: "not_found" };
  if (!taken.live) return { ok: false, code: "selection_expired" };
  return { ok: true, assets: fromChoices(taken.choices), connectionId: taken.secret.connectionId };
}
