import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { oauthPendingSelections, type TPendingChoice, type TSocialConnection } from "@/db/schema";
import { decryptToken, encryptToken } from "@/lib/crypto";
import { OAuthFailure } from "@/lib/oauth/failures";
import type { ConnectableAccount } from "@/lib/providers/types";
import { storeConnectionAvatars } from "./avatars";
import { upsertConnections } from "./store";

export const PENDING_TTL_SECONDS = 600;
const payloadCtx = (id: string) => ({ table: "oauth_pending_selections", id, field: "payload" });

/** A choice's id: stable for the account, unique within one selection. */
export function choiceId(a: Pick<ConnectableAccount, "providerAccountId" | "appType">): string {
  return `${a.appType}:${a.providerAccountId}`;
}

type StoredAccount = Omit<ConnectableAccount, "tokenExpiresAt"> & { tokenExpiresAt: string | null };

/**
 * Keeps the accounts an authorization returned for 10 minutes, bound to the user and organization:
 * tokens only in the encrypted payload; the picker reads `choices` (names and pictures) only.
 */
export async function createPendingSelection(
  db: DbOrTx,
  input: { userId: string; organizationId: string; platform: string; purpose?: string; accounts: ConnectableAccount[]; returnTo: string },
): Promise<string> {
  const id = randomUUID();
  const choices: TPendingChoice[] = input.accounts.map((a) => ({
    id: choiceId(a),
    name: a.displayName,
    handle: a.handle ?? null,
    avatarUrl: a.avatarUrl ?? null,
    detail: a.pickerDetail ?? null,
    selectable: !a.unavailableReason,
    reason: a.unavailableReason ?? null,
  }));
  const stored: StoredAccount[] = input.accounts.map((a) => ({ ...a, tokenExpiresAt: a.tokenExpiresAt ? a.tokenExpiresAt.toISOString() : null }));
  await db.insert(oauthPendingSelections).values({
    id,
    userId: input.userId,
    organizationId: input.organizationId,
    platform: input.platform,
    purpose: input.purpose ?? "connect",
    choices,
    payload: encryptToken(JSON.stringify(stored), payloadCtx(id)),
    returnTo: input.returnTo,
    expiresAt: sql`now() + make_interval(secs => ${PENDING_TTL_SECONDS})`,
  });
  return id;
}

export interface TPendingView {
  id: string;
  platform: string;
  choices: TPendingChoice[];
  expiresAt: Date;
}

/** What the picker shows: the choices of a live selection of this user in this organization, else null. */
export async function getPendingSelection(db: DbOrTx, input: { id: string; userId: string; organizationId: string }): Promise<TPendingView | null> {
  const [row] = await db
    .select({ id: oauthPendingSelections.id, platform: oauthPendingSelections.platform, choices: oauthPendingSelections.choices, expiresAt: oauthPendingSelections.expiresAt })
    .from(oauthPendingSelections)
    .where(
      and(
        eq(oauthPendingSelections.id, input.id),
        eq(oauthPendingSelections.userId, input.userId),
        eq(oauthPendingSelections.organizationId, input.organizationId),
        gt(oauthPendingSelections.expiresAt, sql`now()`),
      ),
    );
  return row ?? null;
}

/**
 * Connects the ticked accounts: consumes the selection once (DELETE … RETURNING), then saves the
 * chosen accounts in one transaction. Throws OAuthFailure("selection_expired") when it is gone.
 */
export async function completePendingSelection(
  db: DbOrTx,
  input: { id: string; userId: string; organizationId: string; choiceIds: string[] },
): Promise<{ platform: string; returnTo: string; connections: TSocialConnection[] }> {
  const done = await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(oauthPendingSelections)
      .where(
        and(
          eq(oauthPendingSelections.id, input.id),
          eq(oauthPendingSelections.userId, input.userId),
          eq(oauthPendingSelections.organizationId, input.organizationId),
        ),
      )
      .returning();
    if (!row || row.expiresAt.getTime() <= Date.now()) throw new OAuthFailure("selection_expired");
    const stored = JSON.parse(decryptToken(row.payload, payloadCtx(row.id))) as StoredAccount[];
    const wanted = new Set(input.choiceIds);
    const accounts: ConnectableAccount[] = stored
      .filter((a) => wanted.has(choiceId(a)) && !a.unavailableReason)
      .map((a) => ({ ...a, tokenExpiresAt: a.tokenExpiresAt ? new Date(a.tokenExpiresAt) : null }));
    const connections = accounts.length
      ? await upsertConnections(tx, { organizationId: input.organizationId, userId: input.userId, platform: row.platform, accounts })
      : [];
    return { platform: row.platform, returnTo: row.returnTo, connections };
  });
  // After the commit: downloads are slow and must not hold the transaction open.
  await storeConnectionAvatars(db, done.connections);
  return done;
}

/** Removes expired selections (expiry sweep). */
export async function prunePendingSelections(db: DbOrTx): Promise<number> {
  const rows = await db.delete(oauthPendingSelections).where(lt(oauthPendingSelections.expiresAt, sql`now()`)).returning({ id: oauthPendingSelections.id });
  return rows.length;
}

/** The picker's form: the selection id and the ticked choice ids (one checkbox → a string, several → a list). */
export const ZConnectSelectedInput = z.object({
  id: z.uuid("This choice has expired."),
  choiceIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(200)).max(200)),
});
