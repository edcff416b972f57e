import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { socialConnections, type TSocialConnection } from "@/db/schema";
import { encryptToken } from "@/lib/crypto";
import { env } from "@/lib/env";
import { childLogger } from "@/lib/log";
import { refreshWithConfig } from "@/lib/oauth/token";
import { getOAuthProvider, targetOf } from "@/lib/providers";
import { ProviderError, type HookContext, type OAuthProvider, type TokenSet } from "@/lib/providers/types";
import { markConnection } from "./mark";
import { isUsable } from "./status";
import { accessTokenCtx, readAccessToken, readRefreshToken, refreshTokenCtx } from "./store";

const log = childLogger({ module: "connections.refresh" });
const DEFAULT_BUFFER_SECONDS = 300;

/** The connection must be reconnected by a person (its refresh token is dead or it has none). */
export class NeedsReconnectError extends Error {
  constructor(
    public readonly connectionId: string,
    options?: { cause?: unknown },
  ) {
    super("The connection needs to be reconnected", options);
    this.name = "NeedsReconnectError";
  }
}

export class ConnectionNotFoundError extends Error {
  constructor() {
    super("Connection not found");
    this.name = "ConnectionNotFoundError";
  }
}

export interface TFreshToken {
  accessToken: string;
  connection: TSocialConnection;
  refreshed: boolean;
}

export interface TFreshTokenOptions {
  /** Only a connection of this organization (A1). */
  organizationId?: string;
  /**
   * Refresh even if the token looks fresh — the inline path after a provider answered 401.
   * Pass the token_version you used: if it changed meanwhile, the newer token is returned instead.
   */
  force?: { seenVersion: number };
  now?: () => number;
  /** The connection's row as the caller just read it (same id and organization): saves the first read. */
  loaded?: TSocialConnection;
}

/**
 * Meta's answer when a long-lived token is refreshed before it is 24 h old (Threads, Instagram):
 * "(#100) The access token must be at least 24 hours old…", a 400 that parseError maps to
 * invalid_input. Nothing is wrong with the connection; a later attempt will succeed.
 */
export function isTooYoungToRefresh(error: unknown): boolean {
  return error instanceof ProviderError && error.kind === "invalid_input" && /24 hours/i.test(error.message);
}

/** Whether we can renew this provider's tokens ourselves (a refresh hook or the standard refresh grant). */
export function canRefresh(provider: OAuthProvider | undefined): provider is OAuthProvider {
  return !!provider && (!!provider.refreshAccessToken || !!provider.oauth.refreshable);
}

/** How long before expiry a token of this provider is refreshed. */
export function refreshBufferMs(provider: OAuthProvider): number {
  return (provider.oauth.refreshBufferSeconds ?? DEFAULT_BUFFER_SECONDS) * 1000;
}

function dueForRefresh(row: TSocialConnection, provider: OAuthProvider, now: number): boolean {
  if (!row.tokenExpiresAt) return false;
  return row.tokenExpiresAt.getTime() - refreshBufferMs(provider) <= now;
}

async function load(db: DbOrTx, id: string, organizationId: string | undefined, lock: boolean) {
  const where = organizationId
    ? and(eq(socialConnections.id, id), eq(socialConnections.organizationId, organizationId))
    : eq(socialConnections.id, id);
  const q = db.select().from(socialConnections).where(where);
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

/**
 * The one token-refresh helper (STYLE 11, SECURITY J1–J3). Returns a usable access token:
 * refreshes early (buffer before expiry), ONE refresh per connection at a time across processes
 * (row lock `SELECT … FOR UPDATE`, re-read after acquiring), persists with a compare-and-swap on
 * token_version before returning, keeps the old refresh token when the provider sends none, and
 * marks needs_reconnect only on a real auth error — a 5xx or network error changes nothing.
 */
export async function getFreshAccessToken(db: DbOrTx, connectionId: string, options: TFreshTokenOptions = {}): Promise<TFreshToken> {
  const now = options.now ?? Date.now;
  const given = options.loaded;
  const first =
    given && given.id === connectionId && (!options.organizationId || given.organizationId === options.organizationId)
      ? given
      : await load(db, connectionId, options.organizationId, false);
  if (!first) throw new ConnectionNotFoundError();
  if (!isUsable(first.status)) throw new NeedsReconnectError(first.id);
  const provider = getOAuthProvider(first.platform);
  const wanted = (row: TSocialConnection) =>
    options.force ? row.tokenVersion === options.force.seenVersion : dueForRefresh(row, provider!, now());
  if (!canRefresh(provider) || !wanted(first)) {
    return { accessToken: readAccessToken(first), connection: first, refreshed: false };
  }

  const outcome = await db.transaction(async (tx): Promise<TFreshToken | { deadConnection: string }> => {
    const row = await load(tx, connectionId, options.organizationId, true);
    if (!row) throw new ConnectionNotFoundError();
    if (!isUsable(row.status)) throw new NeedsReconnectError(row.id);
    // Another worker refreshed while we waited for the lock: use its token.
    if (row.tokenVersion !== first.tokenVersion || !wanted(row)) {
      return { accessToken: readAccessToken(row), connection: row, refreshed: false };
    }
    const credentials = provider.oauth.credentials(env(), targetOf(provider, row.appType));
    if (!credentials) throw new ProviderError("permission", `${row.platform} is not configured`);
    const ctx: HookContext = { env: env(), target: targetOf(provider, row.appType), credentials };
    const refreshToken = readRefreshToken(row);

    let token: TokenSet;
    try {
      if (provider.refreshAccessToken) {
        // Refresh-token grants get the refresh token; long-lived-token refreshes (Threads, Instagram) the access token.
        const input = provider.oauth.refreshable ? refreshToken : readAccessToken(row);
        if (!input) throw new ProviderError("auth", "no refresh token stored");
        token = await provider.refreshAccessToken(input, ctx);
      } else {
        if (!refreshToken) throw new ProviderError("auth", "no refresh token stored");
        token = await refreshWithConfig(provider, credentials, refreshToken);
      }
    } catch (err) {
      if (err instanceof ProviderError && err.kind === "auth") {
        // J2: only while the stored version is still the one whose refresh failed; notifies once.
        await markConnection(tx, row, "needs_reconnect");
        log.warn({ connectionId: row.id, platform: row.platform, providerCode: err.providerCode }, "refresh rejected: needs reconnect");
        // Returned, not thrown: throwing would roll the status change back.
        return { deadConnection: row.id };
      }
      log.warn({ connectionId: row.id, platform: row.platform, err }, "refresh failed; connection left as is");
      throw err;
    }

    const [updated] = await tx
      .update(socialConnections)
      .set({
        accessToken: encryptToken(token.accessToken, accessTokenCtx(row.id)),
        ...(token.refreshToken ? { refreshToken: encryptToken(token.refreshToken, refreshTokenCtx(row.id)) } : {}),
        tokenExpiresAt: token.expiresIn ? new Date(now() + token.expiresIn * 1000) : row.tokenExpiresAt,
        ...(token.scopes ? { scopes: token.scopes } : {}),
        status: "active",
        tokenVersion: sql`${socialConnections.tokenVersion} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(socialConnections.id, row.id), eq(socialConnections.tokenVersion, row.tokenVersion)))
      .returning();
    if (!updated) throw new Error("token_version changed under the row lock");
    log.info({ connectionId: row.id, platform: row.platform }, "token refreshed");
    return { accessToken: token.accessToken, connection: updated, refreshed: true };
  });
  if ("deadConnection" in outcome) throw new NeedsReconnectError(outcome.deadConnection);
  return outcome;
}
