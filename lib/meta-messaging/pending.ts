import "server-only";
import type { DbOrTx } from "@/db/client";
import type { TPendingChoice } from "@/db/schema";
import { createPendingChoice, findPendingChoice, takePendingChoice, type TPendingOwner } from "@/lib/pending-choices";
import type { FacebookPage } from "@/lib/providers/facebook/transform";
import type { TPendingPagesDto } from "./dto";
import type { TChosenPage } from "./settings";

/** A Page's private part in the pending-choice store: its token and linked Instagram account. */
interface StoredPage {
  pageId: string;
  accessToken: string;
  instagramBusinessAccountId: string | null;
}

const owner = (organizationId: string, userId: string): TPendingOwner => ({ kind: "meta_page", organizationId, userId });

/**
 * Keeps the Pages of one authorization for the pick (replacing this person's earlier list) in the
 * pending-choice store (`lib/pending-choices.ts`): names and pictures public, Page tokens encrypted.
 */
export async function storePendingPages(
  db: DbOrTx,
  input: { organizationId: string; userId: string; pages: readonly FacebookPage[]; facebookUserId?: string | null },
): Promise<void> {
  // In Graph's listing order; the Page's linked Instagram account is shown as its handle.
  const choices: TPendingChoice[] = input.pages.map((p) => ({ id: p.id, name: p.name, avatarUrl: p.pictureUrl, handle: p.instagram?.username ?? null }));
  const secret: StoredPage[] = input.pages.map((p) => ({ pageId: p.id, accessToken: p.accessToken, instagramBusinessAccountId: p.instagram?.id ?? null }));
  await createPendingChoice(db, {
    ...owner(input.organizationId, input.userId),
    platform: "facebook",
    choices,
    secret,
    providerUserId: input.facebookUserId ?? null,
    replace: true,
  });
}

/** The Pages waiting for this person's pick in this organization: ready, expired, or none. */
export async function listPendingPages(db: DbOrTx, organizationId: string, userId: string): Promise<TPendingPagesDto> {
  const found = await findPendingChoice(db, owner(organizationId, userId));
  if (!found || found.choices.length === 0) return { status: "none" };
  if (!found.live) return { status: "expired" };
  return {
    status: "ready",
    expiresAt: found.expiresAt.toISOString(),
    pages: found.choices.map((c) => ({ pageId: c.id, name: c.name, pictureUrl: c.avatarUrl ?? null, instagramUsername: c.handle ?? null })),
  };
}

export type TTakePending = { ok: true; page: TChosenPage } | { ok: false; code: "selection_expired" | "not_found" };

/**
 * Takes the chosen Page out of this person's pending list and discards the rest, atomically: a
 * double submit saves once; a list without that Page is left alone. Expired lists answer
 * `selection_expired`.
 */
export async function takePendingPage(db: DbOrTx, input: { organizationId: string; userId: string; pageId: string }): Promise<TTakePending> {
  const taken = await takePendingChoice<StoredPage[]>(db, { ...owner(input.organizationId, input.userId), choiceId: input.pageId });
  const choice = taken?.choices.find((c) => c.id === input.pageId);
  const stored = taken?.secret.find((p) => p.pageId === input.pageId);
  if (!taken || !choice || !stored) return { ok: false, code: "not_found" };
  if (!taken.live) return { ok: false, code: "selection_expired" };
  return {
    ok: true,
    page: {
      pageId: stored.pageId,
      name: choice.name,
      pictureUrl: choice.avatarUrl ?? null,
      instagramBusinessAccountId: stored.instagramBusinessAccountId,
      instagramUsername: choice.handle ?? null,
      pageAccessToken: stored.accessToken,
      facebookUserId: taken.providerUserId,
    },
  };
}
