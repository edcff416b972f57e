import "server-only";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { TPendingChoice, TSocialConnection } from "@/db/schema";
import { OAuthFailure } from "@/lib/oauth/failures";
import { createPendingChoice, findPendingChoice, takePendingChoice } from "@/lib/pending-choices";
import type { ConnectableAccount } from "@/lib/providers/types";
import { storeConnectionAvatars } from "./avatars";
import { upsertConnections } from "./store";

/** A choice's id: stable for the account, unique within one selection. */
export function choiceId(a: Pick<ConnectableAccount, "providerAccountId" | "appType">): string {
  return `${a.appType}:${a.providerAccountId}`;
}

type StoredAccount = Omit<ConnectableAccount, "tokenExpiresAt"> & { tokenExpiresAt: string | null };

const KIND = "connect" as const;

/**
 * Keeps the accounts an authorization returned for the pick (the pending-choice store,
 * `lib/pending-choices.ts`), bound to the user and organization: tokens only in the encrypted
 * part; the picker reads `choices` (names and pictures) only.
 */
export async function createPendingSelection(
  db: DbOrTx,
  input: { userId: string; organizationId: string; platform: string; accounts: ConnectableAccount[]; returnTo: string },
): Promise<string> {
  const choices: TPendingChoice[] = input.accounts.map((a) => ({
    id: choiceId(a),
    name: a.displayName,
    handle: a.handle ?? null,
    avatarUrl: a.avatarUrl ?? null,
    detail: a.pickerDetail ?? null,
    selectable: !a.unavailableReason,
    reason: a.unavailableReason ?? null,
  }));
  const secret: StoredAccount[] = input.accounts.map((a) => ({ ...a, tokenExpiresAt: a.tokenExpiresAt ? a.tokenExpiresAt.toISOString() : null }));
  // One login listed them all: the user who granted it (a Meta data-deletion request names them).
  const providerUserId = input.accounts.find((a) => a.grantedBy)?.grantedBy ?? null;
  return createPendingChoice(db, { kind: KIND, userId: input.userId, organizationId: input.organizationId, platform: input.platform, choices, secret, returnTo: input.returnTo, providerUserId });
}

export interface TPendingView {
  id: string;
  platform: string;
  choices: TPendingChoice[];
  expiresAt: Date;
}

/** What the picker shows: the choices of a live selection of this user in this organization, else null. */
export async function getPendingSelection(db: DbOrTx, input: { id: string; userId: string; organizationId: string }): Promise<TPendingView | null> {
  const found = await findPendingChoice(db, { kind: KIND, ...input });
  if (!found?.live) return null;
  const { live: _live, ...view } = found;
  return view;
}

/**
 * Connects the ticked accounts: takes the selection once, then saves the chosen accounts in one
 * transaction. Throws OAuthFailure("selection_expired") when it is gone or expired.
 */
export async function completePendingSelection(
  db: DbOrTx,
  input: { id: string; userId: string; organizationId: string; choiceIds: string[] },
): Promise<{ platform: string; returnTo: string; connections: TSocialConnection[] }> {
  const done = await db.transaction(async (tx) => {
    const taken = await takePendingChoice<StoredAccount[]>(tx, { kind: KIND, id: input.id, userId: input.userId, organizationId: input.organizationId });
    if (!taken?.live) throw new OAuthFailure("selection_expired");
    const wanted = new Set(input.choiceIds);
    const accounts: ConnectableAccount[] = taken.secret
      .filter((a) => wanted.has(choiceId(a)) && !a.unavailableReason)
      .map((a) => ({ ...a, tokenExpiresAt: a.tokenExpiresAt ? new Date(a.tokenExpiresAt) : null }));
    const connections = accounts.length
      ? await upsertConnections(tx, { organizationId: input.organizationId, userId: input.userId, platform: taken.platform, accounts })
      : [];
    return { platform: taken.platform, returnTo: taken.returnTo ?? "/connections", connections };
  });
  // After the commit: downloads are slow and must not hold the transaction open.
  await storeConnectionAvatars(db, done.connections);
  return done;
}

/** The pending-choice sweep (every kind), under the name the job registry calls. */
export { prunePendingChoices as prunePendingSelections } from "@/lib/pending-choices";

/** The picker's form: the selection id and the ticked choice ids (one checkbox → a string, several → a list). */
export const ZConnectSelectedInput = z.object({
  id: z.uuid("This choice has expired."),
  choiceIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(200)).max(200)),
});
