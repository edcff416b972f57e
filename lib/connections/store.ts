import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { socialConnections, type TSocialConnection } from "@/db/schema";
import { decryptToken, encryptToken } from "@/lib/crypto";
import type { ConnectableAccount } from "@/lib/providers/types";

const TABLE = "social_connections";

export const accessTokenCtx = (id: string) => ({ table: TABLE, id, field: "access_token" });
export const refreshTokenCtx = (id: string) => ({ table: TABLE, id, field: "refresh_token" });

/** The decrypted access token of a row (server-only; never return it to a browser). */
export function readAccessToken(row: Pick<TSocialConnection, "id" | "accessToken">): string {
  return decryptToken(row.accessToken, accessTokenCtx(row.id));
}

export function readRefreshToken(row: Pick<TSocialConnection, "id" | "refreshToken">): string | null {
  return row.refreshToken ? decryptToken(row.refreshToken, refreshTokenCtx(row.id)) : null;
}

export interface TUpsertConnectionsInput {
  organizationId: string;
  userId: string;
  platform: string;
  accounts: ConnectableAccount[];
}

function baseDetails(account: ConnectableAccount): Record<string, string> {
  return { ...(account.details ?? {}) };
}

/**
 * Saves connected accounts in ONE transaction: a new account gets a row; the same account again
 * (organization, platform, provider account id, app type) updates its row — new tokens, a bumped
 * token_version, status active — and never replaces a real refresh token with an empty one.
 */
export async function upsertConnections(db: DbOrTx, input: TUpsertConnectionsInput): Promise<TSocialConnection[]> {
  return db.transaction(async (tx) => {
    const out: TSocialConnection[] = [];
    for (const account of input.accounts) out.push(await upsertOne(tx, input, account));
    return out;
  });
}

async function findForUpdate(tx: DbOrTx, input: TUpsertConnectionsInput, account: ConnectableAccount) {
  const [row] = await tx
    .select()
    .from(socialConnections)
    .where(
      and(
        eq(socialConnections.organizationId, input.organizationId),
        eq(socialConnections.platform, input.platform),
        eq(socialConnections.providerAccountId, account.providerAccountId),
        eq(socialConnections.appType, account.appType),
      ),
    )
    .for("update");
  return row;
}

async function upsertOne(tx: DbOrTx, input: TUpsertConnectionsInput, account: ConnectableAccount): Promise<TSocialConnection> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await findForUpdate(tx, input, account);
    if (existing) {
      const [row] = await tx
        .update(socialConnections)
        .set({
          postTargetType: account.postTargetType,
          selectedPageId: account.selectedPageId ?? null,
          // A stand-in name (the provider's name lookup failed) does not replace a real one.
          displayName: account.provisionalName ? existing.displayName : account.displayName,
          handle: account.provisionalName ? existing.handle : (account.handle ?? null),
          avatarUrl: account.avatarUrl ?? null,
          accessToken: encryptToken(account.accessToken, accessTokenCtx(existing.id)),
          // Postiz PR #1884: a reconnect without a refresh token keeps the one we have.
          ...(account.refreshToken ? { refreshToken: encryptToken(account.refreshToken, refreshTokenCtx(existing.id)) } : {}),
          tokenExpiresAt: account.tokenExpiresAt ?? null,
          scopes: account.scopes,
          status: "active",
          tokenVersion: sql`${socialConnections.tokenVersion} + 1`,
          connectedBy: input.userId,
          updatedAt: sql`now()`,
          details: { ...existing.details, ...baseDetails(account) },
        })
        .where(eq(socialConnections.id, existing.id))
        .returning();
      return row!;
    }
    const id = randomUUID();
    const [row] = await tx
      .insert(socialConnections)
      .values({
        id,
        organizationId: input.organizationId,
        platform: input.platform,
        appType: account.appType,
        postTargetType: account.postTargetType,
        selectedPageId: account.selectedPageId ?? null,
        providerAccountId: account.providerAccountId,
        displayName: account.displayName,
        handle: account.handle ?? null,
        avatarUrl: account.avatarUrl ?? null,
        accessToken: encryptToken(account.accessToken, accessTokenCtx(id)),
        refreshToken: account.refreshToken ? encryptToken(account.refreshToken, refreshTokenCtx(id)) : null,
        tokenExpiresAt: account.tokenExpiresAt ?? null,
        scopes: account.scopes,
        status: "active",
        connectedBy: input.userId,
        details: baseDetails(account),
      })
      .onConflictDoNothing()
      .returning();
    if (row) return row;
    // Someone inserted the same account meanwhile: update theirs.
  }
  throw new Error("upsertConnections: could not insert or update the connection");
}
