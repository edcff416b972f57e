import "server-only";
import { and, asc, eq, gt, inArray, isNotNull, lte, ne, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { isUsable, USABLE_STATUSES } from "@/lib/connections/status";
import { socialConnections } from "@/db/schema";
import { forEachBatch } from "@/lib/jobs/batch";
import { childLogger } from "@/lib/log";
import { getOAuthProvider, PLATFORMS, type Platform } from "@/lib/providers";
import { ProviderError } from "@/lib/providers/types";
import { canRefresh, ConnectionNotFoundError, getFreshAccessToken, isTooYoungToRefresh, NeedsReconnectError, refreshBufferMs } from "./refresh";
import { defineQueue, ZScheduledPayload } from "@/lib/jobs/queue";

/**
 * Daily: other long-lived tokens (Threads, LinkedIn with a refresh token) within their
 * provider's refresh buffer are renewed, so idle connections do not expire. Not X (2 h tokens).
 */
export const connectionTokenRefreshQueue = defineQueue({ name: "connection-token-refresh", schema: ZScheduledPayload, cron: "47 4 * * *" });

const log = childLogger({ module: "connections.refresh-job" });

/** Platforms whose tokens can be refreshed but are not this job's business, and why. */
export const REFRESHED_ELSEWHERE: Partial<Record<Platform, string>> = {
  instagram_login: "its own daily job (lib/connections/instagram-login-refresh.ts) with Instagram's 24 h and 30-day rules",
  x: "2-hour tokens, refreshed on use by getFreshAccessToken; a daily run cannot keep them alive",
};

const BATCH_SIZE = 25;

export type TConnectionRefreshOutcome = "refreshed" | "needs_reconnect" | "failed" | "skipped";

export interface TConnectionRefreshRunResult {
  checked: number;
  refreshed: number;
  needsReconnect: number;
  failed: number;
  skipped: number;
}

export interface TConnectionRefreshRunOptions {
  now?: () => number;
  batchSize?: number;
}

/** Rows this job refreshes: a platform we refresh ourselves, not yet marked, and within its buffer. */
function dueCondition(now: number): SQL | undefined {
  const perPlatform: SQL[] = [];
  for (const platform of PLATFORMS) {
    if (REFRESHED_ELSEWHERE[platform]) continue;
    const provider = getOAuthProvider(platform);
    if (!canRefresh(provider)) continue;
    const due = and(
      eq(socialConnections.platform, platform),
      lte(socialConnections.tokenExpiresAt, new Date(now + refreshBufferMs(provider))),
      // A refresh-token grant needs a stored refresh token. Without one (LinkedIn apps outside the
      // partner program) only the person can renew the token; its card counts the days down.
      provider.oauth.refreshable ? isNotNull(socialConnections.refreshToken) : undefined,
    );
    if (due) perPlatform.push(due);
  }
  return perPlatform.length ? or(...perPlatform) : undefined;
}

/** One connection through the one refresh helper; an error of one never reaches the others. */
async function refreshOne(db: DbOrTx, row: { id: string; platform: string }, now: () => number): Promise<TConnectionRefreshOutcome> {
  try {
    const result = await getFreshAccessToken(db, row.id, { now });
    // Not refreshed: another worker (or a publish) renewed it since we selected it.
    return result.refreshed ? "refreshed" : "skipped";
  } catch (error) {
    // getFreshAccessToken has already marked the row (compare-and-swap on token_version).
    if (error instanceof NeedsReconnectError) return "needs_reconnect";
    // Disconnected since we selected it.
    if (error instanceof ConnectionNotFoundError) return "skipped";
    if (isTooYoungToRefresh(error)) {
      log.info({ connectionId: row.id, platform: row.platform }, "token too young to refresh; next run");
      return "skipped";
    }
    // 5xx, network, rate limit, app not configured: left as is for the next run (SECURITY J3).
    // Only ids and codes are logged: never the error's text, which may quote a request.
    const e = error instanceof ProviderError ? error : undefined;
    log.warn(
      { connectionId: row.id, platform: row.platform, kind: e?.kind ?? "internal", providerCode: e?.providerCode, status: e?.status },
      "scheduled token refresh failed; will retry",
    );
    return "failed";
  }
}

/**
 * The daily job: every connection whose long-lived token we can refresh (Threads, LinkedIn with a
 * refresh token…) and that is within its provider's refresh buffer of expiry — or past it — is
 * refreshed through getFreshAccessToken, in small batches, so an idle connection does not silently
 * expire. A dead token ends as needs_reconnect; a transient failure is retried on the next run.
 */
export async function runConnectionTokenRefresh(db: DbOrTx, options: TConnectionRefreshRunOptions = {}): Promise<TConnectionRefreshRunResult> {
  const now = options.now ?? Date.now;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const result: TConnectionRefreshRunResult = { checked: 0, refreshed: 0, needsReconnect: 0, failed: 0, skipped: 0 };
  const due = dueCondition(now());
  if (!due) return result;

  // Keyset pages: rows left as they were (failed, skipped) are not read twice.
  await forEachBatch(
    (after, limit) =>
      db
        .select({ id: socialConnections.id, platform: socialConnections.platform })
        .from(socialConnections)
        .where(and(inArray(socialConnections.status, [...USABLE_STATUSES]), due, after ? gt(socialConnections.id, after) : undefined))
        .orderBy(asc(socialConnections.id))
        .limit(limit),
    async (row) => {
      const outcome = await refreshOne(db, row, now);
      result.checked++;
      if (outcome === "refreshed") result.refreshed++;
      else if (outcome === "needs_reconnect") result.needsReconnect++;
      else if (outcome === "failed") result.failed++;
      else result.skipped++;
    },
    { batchSize },
  );
  log.info(result, "scheduled token refresh done");
  return result;
}
