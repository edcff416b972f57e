import "server-only";
import { and, asc, eq, gt, inArray, lte, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isUsable, USABLE_STATUSES } from "@/lib/connections/status";
import { socialConnections, type TSocialConnection } from "@/db/schema";
import { markNeedsReconnectOnAuthError, type TRow } from "@/lib/connections/mark";
import { getFreshAccessToken, isTooYoungToRefresh, NeedsReconnectError } from "@/lib/connections/refresh";
import { forEachBatch } from "@/lib/jobs/batch";
import { childLogger } from "@/lib/log";
import { ProviderError } from "@/lib/providers/types";
import { REFRESH_WINDOW_MS, refreshEligibility, type RefreshEligibility } from "@/lib/providers/instagram_login/transform";
import { INSTAGRAM_LOGIN_PLATFORM } from "./instagram-login-connection";
import { defineQueue, ZScheduledPayload } from "@/lib/jobs/queue";

/** Daily: Instagram Login tokens ≥ 24 h old and within 30 days of expiry get 60 more days. */
export const instagramLoginTokenRefreshQueue = defineQueue({ name: "instagram-login-token-refresh", schema: ZScheduledPayload, cron: "17 4 * * *" });

const log = childLogger({ module: "instagram-login.refresh" });

/** A long-lived Instagram token lives 60 days from when it is issued or refreshed. */
const LONG_LIVED_MS = 5_184_000 * 1000;
const BATCH_SIZE = 25;

export type TRefreshOutcome = "refreshed" | "too_young" | "not_due" | "needs_reconnect" | "failed";

/**
 * When the stored token was issued: Instagram answers every exchange and refresh with a 60-day
 * `expires_in`, so its expiry minus 60 days. (No expiry stored → unknown: let Instagram decide.)
 */
export function tokenIssuedAt(row: Pick<TSocialConnection, "tokenExpiresAt">): Date {
  return row.tokenExpiresAt ? new Date(row.tokenExpiresAt.getTime() - LONG_LIVED_MS) : new Date(0);
}

export function eligibilityOf(row: Pick<TSocialConnection, "tokenExpiresAt">, now: Date, force = false): RefreshEligibility {
  return refreshEligibility({ issuedAt: tokenIssuedAt(row), expiresAt: row.tokenExpiresAt }, now, { force });
}

/**
 * After a later call failed: #190 (token invalid or expired) and #10/#200–#299 (permission gone)
 * mean only the person can fix it by reconnecting — mark the connection, compare-and-swap on the
 * token version so a token refreshed meanwhile is not condemned. Answers whether it was marked.
 */
export async function markNeedsReconnectOnError(db: DbOrTx, row: TRow, error: unknown): Promise<boolean> {
  return markNeedsReconnectOnAuthError(db, row, error, { permissionIsFatal: true });
}

/**
 * Refreshes one Instagram Login connection's 60-day token through the one refresh helper (row
 * lock + compare-and-swap). `force` is "Refresh now": any token at least 24 h old, not only
 * those in their last 30 days. Never refreshes a token Instagram would call too young.
 */
export async function refreshInstagramConnection(
  db: DbOrTx,
  connection: TSocialConnection,
  options: { force?: boolean; now?: Date } = {},
): Promise<TRefreshOutcome> {
  const now = options.now ?? new Date();
  if (connection.platform !== INSTAGRAM_LOGIN_PLATFORM) throw new Error("not an Instagram Login connection");
  if (!isUsable(connection.status)) return "needs_reconnect";
  const eligibility = eligibilityOf(connection, now, options.force);
  if (eligibility === "too_young" || eligibility === "not_due") return eligibility;
  try {
    // Forced with the version we read: if another worker refreshed meanwhile, its token is used.
    const result = await getFreshAccessToken(db, connection.id, {
      organizationId: connection.organizationId,
      force: { seenVersion: connection.tokenVersion },
    });
    return result.refreshed || result.connection.tokenVersion !== connection.tokenVersion ? "refreshed" : "not_due";
  } catch (error) {
    if (error instanceof NeedsReconnectError) {
      // The helper marks it; marking again (same compare-and-swap) is harmless and keeps this path
      // correct whatever the helper does.
      await markNeedsReconnectOnError(db, connection, new ProviderError("auth", "refresh rejected"));
      return "needs_reconnect";
    }
    if (isTooYoungToRefresh(error)) return "too_young";
    if (await markNeedsReconnectOnError(db, connection, error)) return "needs_reconnect";
    // 5xx, network, rate limit: left as is for the next run (SECURITY J3).
    log.warn({ connectionId: connection.id, err: error }, "instagram token refresh failed; will retry");
    return "failed";
  }
}

export interface TRefreshRunResult {
  checked: number;
  refreshed: number;
  skipped: number;
  needsReconnect: number;
  failed: number;
}

/**
 * The daily job: every active Instagram Login connection whose token is within 30 days of expiry
 * (or already past it) — refreshed when at least 24 h old; an expired or revoked one ends as
 * needs_reconnect on its card.
 */
export async function runInstagramTokenRefresh(db: DbOrTx, now: Date = new Date(), options: { batchSize?: number } = {}): Promise<TRefreshRunResult> {
  const result: TRefreshRunResult = { checked: 0, refreshed: 0, skipped: 0, needsReconnect: 0, failed: 0 };
  const page = (after: string | undefined, limit: number) =>
    db
      .select()
      .from(socialConnections)
      .where(
        and(
          eq(socialConnections.platform, INSTAGRAM_LOGIN_PLATFORM),
          inArray(socialConnections.status, [...USABLE_STATUSES]),
          lte(socialConnections.tokenExpiresAt, new Date(now.getTime() + REFRESH_WINDOW_MS)),
          after ? gt(socialConnections.id, after) : undefined,
        ),
      )
      .orderBy(asc(socialConnections.id))
      .limit(limit);
  await forEachBatch(page, async (row) => {
    result.checked++;
    let outcome: TRefreshOutcome;
    if (eligibilityOf(row, now) === "expired") {
      // Instagram cannot refresh an expired token; only the person can, by signing in again.
      outcome = (await markNeedsReconnectOnError(db, row, new ProviderError("auth", "token expired", { providerCode: "190" })))
        ? "needs_reconnect"
        : "not_due";
    } else {
      outcome = await refreshInstagramConnection(db, row, { now });
    }
    if (outcome === "refreshed") result.refreshed++;
    else if (outcome === "needs_reconnect") result.needsReconnect++;
    else if (outcome === "failed") result.failed++;
    else result.skipped++;
  }, { batchSize: options.batchSize ?? BATCH_SIZE });
  return result;
}

export interface TRefreshNowResult {
  outcome: TRefreshOutcome;
  /** The token's expiry after the attempt (ISO), for the card. */
  expiresAt: string | null;
}

/** "Refresh now" on a card: one connection of `organizationId` (A1), refreshed if Instagram allows it. */
export async function refreshInstagramConnectionNow(
  db: DbOrTx,
  input: { organizationId: string; connectionId: string },
): Promise<TRefreshNowResult | null> {
  const [row] = await db
    .select()
    .from(socialConnections)
    .where(
      and(
        eq(socialConnections.id, input.connectionId),
        eq(socialConnections.organizationId, input.organizationId),
        eq(socialConnections.platform, INSTAGRAM_LOGIN_PLATFORM),
      ),
    );
  if (!row) return null;
  const outcome = await refreshInstagramConnection(db, row, { force: true });
  const [after] = await db.select({ expiresAt: socialConnections.tokenExpiresAt }).from(socialConnections).where(eq(socialConnections.id, row.id));
  return { outcome, expiresAt: after?.expiresAt?.toISOString() ?? null };
}
