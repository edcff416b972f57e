import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessRequests, clientConnections, type TAccessRequest, type TClientConnection, type TSharedAsset } from "@/db/schema";
import { fail } from "@/lib/action-errors";
import { decryptToken, encryptToken } from "@/lib/crypto";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import { ProviderError, type ClientCredentials } from "@/lib/providers/types";
import { listClientAssets, type TClientAsset, type TClientAssets } from "./assets";

/**
 * Client connections: what a client authorized through an access request. One row per request;
 * re-authorizing through the same link updates it (token, scopes, expiry) — never a second row.
 */

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The secret reference of a client connection's encrypted Meta user token. */
export const clientSecretRef = (connectionId: string) => `meta_client_${connectionId}`;

const aad = (id: string) => ({ table: "client_connections", id, field: "access_token" }) as const;

/** The app's Meta credentials, or a clear failure when Facebook Login is not configured here. */
export function metaCredentials(): ClientCredentials {
  const creds = facebookCredentials(env());
  if (!creds) fail("not_configured", "Facebook Login is not configured on this Switchboard.");
  return creds;
}

export interface TClientAuthorization {
  metaUserId: string;
  metaUserName: string | null;
  accessToken: string;
  grantedScopes: string[];
  /** null when Meta did not say (the long-lived exchange normally does: ~60 days). */
  tokenExpiresAt: Date | null;
}

/** Stores (or, through the same link, replaces) the client's authorization; the expiry starts again. */
export async function saveClientAuthorization(db: DbOrTx, request: TAccessRequest, auth: TClientAuthorization): Promise<TClientConnection> {
  const [existing] = await db.select({ id: clientConnections.id }).from(clientConnections).where(eq(clientConnections.accessRequestId, request.id));
  const id = existing?.id ?? randomUUID();
  const values = {
    metaUserId: auth.metaUserId,
    metaUserName: auth.metaUserName,
    accessToken: encryptToken(auth.accessToken, aad(id)),
    grantedScopes: auth.grantedScopes,
    tokenExpiresAt: auth.tokenExpiresAt,
    authorizedAt: sql`now()`,
    expiredAt: null,
    updatedAt: sql`now()`,
  };
  const [row] = await db
    .insert(clientConnections)
    .values({ id, organizationId: request.organizationId, accessRequestId: request.id, ...values })
    .onConflictDoUpdate({ target: clientConnections.accessRequestId, set: values })
    .returning();
  return row!;
}

/** The decrypted Meta user token of a connection; never leaves the server. */
export function clientToken(row: TClientConnection): string {
  return decryptToken(row.accessToken, aad(row.id));
}

/** Whether the connection may still be used: not marked expired, token not past its expiry. */
export function isUsable(row: TClientConnection, now: Date = new Date()): boolean {
  return !row.expiredAt && (!row.tokenExpiresAt || row.tokenExpiresAt.getTime() > now.getTime());
}

/** A connection and its request, for the agency: only the organization's own (else null). */
export async function findClientConnection(db: DbOrTx, organizationId: string, id: string): Promise<{ connection: TClientConnection; request: TAccessRequest } | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db
    .select({ connection: clientConnections, request: accessRequests })
    .from(clientConnections)
    .innerJoin(accessRequests, eq(accessRequests.id, clientConnections.accessRequestId))
    .where(and(eq(clientConnections.id, id), eq(clientConnections.organizationId, organizationId)));
  return row ?? null;
}

/** The live listing of what the client can share (the selector's), with the connection's token. */
export async function listConnectionAssets(row: TClientConnection, client?: HttpClient): Promise<TClientAssets> {
  return listClientAssets(clientToken(row), metaCredentials(), client);
}

export interface TSelection {
  adAccounts: string[];
  pages: string[];
  instagramAccounts: string[];
}

/** Keeps exactly these assets as what the client shares, noting the pending choice they were picked from. */
export async function saveClientSelection(db: DbOrTx, connectionId: string, assets: TSharedAsset[], choiceId: string): Promise<void> {
  await db
    .update(clientConnections)
    .set({ selectedAssets: assets, assetsSharedAt: sql`now()`, sharedFromChoiceId: choiceId, updatedAt: sql`now()` })
    .where(eq(clientConnections.id, connectionId));
}

/** One client connection as the agency's tools read it (`GET /api/client-assets/{id}/meta_ads`). */
export interface TSharedAssetsDto {
  connection_id: string;
  client_name: string;
  meta_user: { id: string; name: string | null };
  secret_ref: string;
  granted_scopes: string[];
  authorized_at: string;
  token_expires_at: string | null;
  days_to_expiry: number | null;
  ad_accounts: Array<Omit<Extract<TClientAsset, { kind: "ad_account" }>, "kind">>;
  pages: Array<Omit<Extract<TClientAsset, { kind: "page" }>, "kind">>;
  instagram_accounts: Array<Omit<Extract<TClientAsset, { kind: "instagram_account" }>, "kind">>;
}

export function daysToExpiry(row: TClientConnection, now: Date = new Date()): number | null {
  return row.tokenExpiresAt ? Math.max(0, Math.ceil((row.tokenExpiresAt.getTime() - now.getTime()) / DAY_MS)) : null;
}

/**
 * The assets the client shared with the organization, as Meta describes them now (an ad account
 * disabled since shows as such). Another organization's id is not found; an expired connection
 * is refused and not used.
 */
export async function sharedAssetsForAgency(db: DbOrTx, organizationId: string, connectionId: string, client?: HttpClient): Promise<TSharedAssetsDto> {
  const found = await findClientConnection(db, organizationId, connectionId);
  if (!found) fail("not_found", "No such client connection.");
  const { connection, request } = found;
  if (!isUsable(connection)) fail("conflict", "This client's access has expired. Send them the re-authorization link.");
  let live: TClientAssets;
  try {
    live = await listConnectionAssets(connection, client);
  } catch (err) {
    if (err instanceof ProviderError) {
      if (err.kind === "auth") fail("provider_auth_failed", "Meta no longer accepts this client's authorization. Send them the re-authorization link.");
      if (err.kind === "rate_limit") fail("provider_rate_limited", "Meta is limiting requests; try again shortly.", undefined, { retry_after: err.retryAfterSeconds ?? 60 });
      fail("provider_error", "Meta could not list the client's assets; try again shortly.");
    }
    throw err;
  }
  const shared = new Set(connection.selectedAssets.map((a) => `${a.kind}:${a.id}`));
  const keep = <T extends TClientAsset>(items: T[]) => items.filter((i) => shared.has(`${i.kind}:${i.id}`)).map(({ kind: _kind, ...rest }) => rest);
  return {
    connection_id: connection.id,
    client_name: request.clientName,
    meta_user: { id: connection.metaUserId, name: connection.metaUserName },
    secret_ref: clientSecretRef(connection.id),
    granted_scopes: connection.grantedScopes,
    authorized_at: connection.authorizedAt.toISOString(),
    token_expires_at: connection.tokenExpiresAt?.toISOString() ?? null,
    days_to_expiry: daysToExpiry(connection),
    ad_accounts: keep(live.adAccounts),
    pages: keep(live.pages),
    instagram_accounts: keep(live.instagramAccounts),
  };
}

/** Marks connections whose token has lapsed; they are no longer used. Returns how many. */
export async function markExpiredClientConnections(db: DbOrTx, now: Date): Promise<TClientConnection[]> {
  return db
    .update(clientConnections)
    .set({ expiredAt: now, updatedAt: sql`now()` })
    .where(and(isNull(clientConnections.expiredAt), sql`${clientConnections.tokenExpiresAt} <= ${now.toISOString()}`))
    .returning();
}
