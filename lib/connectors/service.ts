import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { connectorOauthSessions, connectors } from "@/db/schema";
import { decryptToken, encryptToken } from "@/lib/crypto";
import { env } from "@/lib/env";
import { exchangeForLongLived } from "@/lib/providers/facebook/login";
import { batchNodes, debugToken, type AdsCall } from "@/lib/providers/facebook/ads";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import { ProviderError, type ClientCredentials } from "@/lib/providers/types";
import { ApiError, fromProviderError } from "./errors";
import { CONNECTOR_TYPE, type TConnectorDto, type TCreateConnector, type TUpdateConnector } from "./schemas";

/**
 * Connectors: create (token checked with Meta first), list, read, update, delete, all scoped to
 * the API key's organization; another organization's connector does not exist (404).
 */

type TConnectorRow = typeof connectors.$inferSelect;

const TABLE = "connectors";
const enc = (id: string, field: string, value: string) => encryptToken(value, { table: TABLE, id, field });
const dec = (id: string, field: string, value: string) => decryptToken(value, { table: TABLE, id, field });

export function toDto(row: TConnectorRow): TConnectorDto {
  return {
    id: row.id,
    name: row.name,
    connector_type: CONNECTOR_TYPE,
    external_user_id: row.externalUserId,
    credential_kind: row.credentialKind as TConnectorDto["credential_kind"],
    replication_config: { account_ids: row.accountIds },
    allow_writes: row.allowWrites,
    scopes: row.scopes,
    token_expires_at: row.tokenExpiresAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

function ourApp(): ClientCredentials {
  const creds = facebookCredentials(env());
  if (!creds) throw new ApiError("not_configured", "This Switchboard has no Meta app configured (FACEBOOK_APP_ID, FACEBOOK_APP_SECRET); pass client_id and client_secret.");
  return creds;
}

/** A usable token: what Meta said about it and the app it is used with. */
interface CheckedToken {
  token: string;
  creds: ClientCredentials;
  scopes: string[];
  expiresAt: Date | null;
}

/** Unless the token is valid, unexpired and has ads_read (or ads_management), provider_auth_failed. */
async function checkToken(token: string, creds: ClientCredentials): Promise<Omit<CheckedToken, "token" | "creds">> {
  let info;
  try {
    info = await debugToken(token, creds);
  } catch (err) {
    if (err instanceof ProviderError) {
      if (err.kind === "auth" || err.kind === "invalid_input") throw new ApiError("provider_auth_failed", "Meta could not check the token with this app: check client_id and client_secret.");
      throw fromProviderError(err);
    }
    throw err;
  }
  if (!info.valid) throw new ApiError("provider_auth_failed", "Meta says this access token is not valid (expired, revoked or malformed).");
  if (info.appId && info.appId !== creds.clientId) throw new ApiError("provider_auth_failed", "This access token belongs to another Meta app: pass that app's client_id and client_secret.");
  if (info.expiresAt && info.expiresAt.getTime() <= Date.now()) throw new ApiError("provider_auth_failed", "This access token has expired.");
  if (!info.scopes.includes("ads_read") && !info.scopes.includes("ads_management")) {
    throw new ApiError("provider_auth_failed", "This access token lacks the ads_read permission.", { scopes: info.scopes });
  }
  return { scopes: info.scopes, expiresAt: info.expiresAt };
}

/** A short-lived token (≤ 1 day left) exchanged for the ~60-day one when the program gave its app's secret. */
const SHORT_LIVED_MS = 24 * 3600 * 1000;

async function checkCredentials(credentials: NonNullable<TCreateConnector["credentials"]>): Promise<CheckedToken & { kind: "oauth" | "account_key"; clientId: string | null; clientSecret: string | null }> {
  if ("account_key" in credentials) {
    const creds = ourApp();
    return { ...(await checkToken(credentials.account_key, creds)), token: credentials.account_key, creds, kind: "account_key", clientId: null, clientSecret: null };
  }
  const own = credentials.client_id && credentials.client_secret ? { clientId: credentials.client_id, clientSecret: credentials.client_secret } : null;
  const creds = own ?? ourApp();
  let token = credentials.access_token;
  let checked = await checkToken(token, creds);
  if (own && checked.expiresAt && checked.expiresAt.getTime() - Date.now() < SHORT_LIVED_MS) {
    try {
      token = (await exchangeForLongLived(token, own)).access_token;
    } catch (err) {
      if (err instanceof ProviderError) throw new ApiError("provider_auth_failed", `Meta would not exchange the token for a long-lived one: ${err.message}`);
      throw err;
    }
    checked = await checkToken(token, creds);
  }
  return { ...checked, token, creds, kind: "oauth", clientId: own?.clientId ?? null, clientSecret: own?.clientSecret ?? null };
}

/** Each account must be reachable with the token (one Graph batch); details name the unreachable ones. */
async function checkAccounts(call: AdsCall, accountIds: string[]): Promise<void> {
  let results;
  try {
    results = await batchNodes(call, accountIds, "id,account_id,name");
  } catch (err) {
    if (err instanceof ProviderError) throw fromProviderError(err);
    throw err;
  }
  const issues = results.flatMap((r, i) => (r instanceof ProviderError ? [{ path: `replication_config.account_ids.${i}`, message: `${accountIds[i]} is not reachable with this token (${r.message.slice(0, 200)}).` }] : []));
  if (issues.length) throw new ApiError("validation_failed", issues[0]!.message, { issues });
}

export const hashSecret = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** A server-side OAuth result not yet used, for this organization and external user. */
async function findOauthSecret(db: DbOrTx, organizationId: string, externalUserId: string, secretId: string) {
  const [row] = await db
    .select()
    .from(connectorOauthSessions)
    .where(and(eq(connectorOauthSessions.secretHash, hashSecret(secretId)), eq(connectorOauthSessions.organizationId, organizationId), eq(connectorOauthSessions.externalUserId, externalUserId), gt(connectorOauthSessions.expiresAt, sql`now()`)))
    .limit(1);
  if (!row?.accessToken) throw new ApiError("validation_failed", "server_side_oauth_secret_id is unknown, already used, expired, or for another external_user_id.", { issues: [{ path: "server_side_oauth_secret_id", message: "Start server-side OAuth again." }] });
  return { row, token: decryptToken(row.accessToken, { table: "connector_oauth_sessions", id: row.id, field: "access_token" }) };
}

export async function createConnector(db: DbOrTx, organizationId: string, input: TCreateConnector): Promise<TConnectorDto> {
  let checked: Awaited<ReturnType<typeof checkCredentials>>;
  let oauthSessionId: string | null = null;
  if (input.server_side_oauth_secret_id) {
    const { row, token } = await findOauthSecret(db, organizationId, input.external_user_id, input.server_side_oauth_secret_id);
    oauthSessionId = row.id;
    const creds = ourApp();
    checked = { ...(await checkToken(token, creds)), token, creds, kind: "oauth", clientId: null, clientSecret: null };
  } else checked = await checkCredentials(input.credentials!);
  const accountIds = input.replication_config.account_ids;
  await checkAccounts({ token: checked.token, creds: checked.creds }, accountIds);

  const id = randomUUID();
  return db.transaction(async (tx) => {
    if (oauthSessionId) {
      // Single use: of two concurrent creates with one secret_id, exactly one deletes the row.
      const used = await tx.delete(connectorOauthSessions).where(and(eq(connectorOauthSessions.id, oauthSessionId), eq(connectorOauthSessions.organizationId, organizationId))).returning({ id: connectorOauthSessions.id });
      if (used.length === 0) throw new ApiError("validation_failed", "server_side_oauth_secret_id was already used.", { issues: [{ path: "server_side_oauth_secret_id", message: "Start server-side OAuth again." }] });
    }
    const [row] = await tx
      .insert(connectors)
      .values({
        id,
        organizationId,
        externalUserId: input.external_user_id,
        connectorType: CONNECTOR_TYPE,
        name: input.name,
        credentialKind: oauthSessionId ? "server_side_oauth" : checked.kind,
        accessToken: enc(id, "access_token", checked.token),
        clientId: checked.clientId,
        clientSecret: checked.clientSecret ? enc(id, "client_secret", checked.clientSecret) : null,
        tokenExpiresAt: checked.expiresAt,
        scopes: checked.scopes,
        accountIds,
        allowWrites: input.allow_writes,
      })
      .returning();
    return toDto(row!);
  });
}

/** The organization's connector, or not_found (also for another organization's id: A1). */
export async function getConnectorRow(db: DbOrTx, organizationId: string, id: string): Promise<TConnectorRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ApiError("not_found", "No such connector.");
  const [row] = await db.select().from(connectors).where(and(eq(connectors.id, id), eq(connectors.organizationId, organizationId))).limit(1);
  if (!row) throw new ApiError("not_found", "No such connector.");
  return row;
}

export async function listConnectors(db: DbOrTx, organizationId: string, externalUserId?: string): Promise<TConnectorDto[]> {
  const where = externalUserId ? and(eq(connectors.organizationId, organizationId), eq(connectors.externalUserId, externalUserId)) : eq(connectors.organizationId, organizationId);
  const rows = await db.select().from(connectors).where(where).orderBy(desc(connectors.createdAt));
  return rows.map(toDto);
}

export async function updateConnector(db: DbOrTx, organizationId: string, id: string, input: TUpdateConnector): Promise<TConnectorDto> {
  const row = await getConnectorRow(db, organizationId, id);
  const set: Partial<typeof connectors.$inferInsert> = { updatedAt: new Date() };
  let call = connectorCall(row);
  if (input.credentials) {
    const checked = await checkCredentials(input.credentials);
    Object.assign(set, {
      credentialKind: checked.kind,
      accessToken: enc(id, "access_token", checked.token),
      clientId: checked.clientId,
      clientSecret: checked.clientSecret ? enc(id, "client_secret", checked.clientSecret) : null,
      tokenExpiresAt: checked.expiresAt,
      scopes: checked.scopes,
    });
    call = { token: checked.token, creds: checked.creds };
  }
  const accountIds = input.replication_config?.account_ids;
  if (accountIds || input.credentials) await checkAccounts(call, accountIds ?? row.accountIds);
  if (accountIds) set.accountIds = accountIds;
  if (input.name !== undefined) set.name = input.name;
  if (input.allow_writes !== undefined) set.allowWrites = input.allow_writes;
  const [updated] = await db.update(connectors).set(set).where(and(eq(connectors.id, id), eq(connectors.organizationId, organizationId))).returning();
  if (!updated) throw new ApiError("not_found", "No such connector.");
  return toDto(updated);
}

export async function deleteConnector(db: DbOrTx, organizationId: string, id: string): Promise<void> {
  const rows = await db.delete(connectors).where(and(eq(connectors.id, id), eq(connectors.organizationId, organizationId))).returning({ id: connectors.id });
  if (rows.length === 0) throw new ApiError("not_found", "No such connector.");
}

/** The Graph call context for a stored connector (token decrypted here, never elsewhere). */
export function connectorCall(row: TConnectorRow): AdsCall {
  const token = dec(row.id, "access_token", row.accessToken);
  const creds = row.clientId && row.clientSecret ? { clientId: row.clientId, clientSecret: dec(row.id, "client_secret", row.clientSecret) } : ourApp();
  return { token, creds };
}
