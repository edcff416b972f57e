import "server-only";
import { and, eq, gt, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { socialConnections, type TSocialConnection } from "@/db/schema";
import { getOAuthProvider } from "@/lib/providers";
import { markConnection, notifyConnection } from "./mark";
import { canRefresh, refreshBufferMs } from "./refresh";
import { USABLE_STATUSES } from "./status";
import { defineQueue, ZScheduledPayload } from "@/lib/jobs/queue";

/**
 * Hourly: tokens no one can renew are marked expiring at ≤ 10 days and expired after; each
 * notifies its workspace once.
 */
export const connectionExpiryCheckQueue = defineQueue({ name: "connection-expiry-check", schema: ZScheduledPayload, cron: "7 * * * *" });

const DAY = 86_400_000;

/** A token no one can renew is marked `expiring` (and its workspace told) this far out. */
export const EXPIRY_NOTICE_DAYS = 10;

/** Whether we renew this connection's token ourselves, and how long before expiry we do. */
function renewal(row: TSocialConnection): { renewable: boolean; bufferMs: number } {
  const provider = getOAuthProvider(row.platform);
  if (!canRefresh(provider)) return { renewable: false, bufferMs: 0 };
  // Refresh-token grants need a stored refresh token (LinkedIn gives one only to partner apps).
  if (provider.oauth.refreshable && !row.refreshToken) return { renewable: false, bufferMs: 0 };
  return { renewable: true, bufferMs: refreshBufferMs(provider) };
}

/**
 * When a person must be told: a token no one renews, at ≤ 10 days; a token we renew only once its
 * own refresh should have happened (a day into the provider's refresh window) and at ≤ 10 days —
 * e.g. an Instagram Login token the daily refresh could not renew.
 */
function noticeMs(row: TSocialConnection): number | null {
  const r = renewal(row);
  if (!r.renewable) return EXPIRY_NOTICE_DAYS * DAY;
  const missed = r.bufferMs - DAY;
  return missed > 0 ? Math.min(EXPIRY_NOTICE_DAYS * DAY, missed) : null;
}

export interface TExpiryCheckResult {
  expiring: number;
  expired: number;
}

/**
 * The `connection-expiry-check` job (hourly): tokens past their expiry become `expired`, tokens
 * inside their notice window `expiring`; each notifies its workspace once per token (the dedupe
 * key names the token version, so the next run — or the next instance — adds nothing).
 */
export async function runConnectionExpiryCheck(db: DbOrTx, now: Date = new Date()): Promise<TExpiryCheckResult> {
  const result: TExpiryCheckResult = { expiring: 0, expired: 0 };
  const horizon = new Date(now.getTime() + 40 * DAY);
  const rows = await db
    .select()
    .from(socialConnections)
    .where(and(inArray(socialConnections.status, [...USABLE_STATUSES]), isNotNull(socialConnections.tokenExpiresAt), lte(socialConnections.tokenExpiresAt, horizon)));
  for (const row of rows) {
    const left = row.tokenExpiresAt!.getTime() - now.getTime();
    if (left <= 0) {
      if (await markConnection(db, row, "expired")) result.expired++;
      continue;
    }
    const notice = noticeMs(row);
    if (notice === null || left > notice) continue;
    const [marked] = await db
      .update(socialConnections)
      .set({ status: "expiring", updatedAt: sql`now()` })
      .where(and(eq(socialConnections.id, row.id), eq(socialConnections.tokenVersion, row.tokenVersion), inArray(socialConnections.status, [...USABLE_STATUSES]), gt(socialConnections.tokenExpiresAt, now)))
      .returning();
    if (!marked) continue;
    await notifyConnection(db, marked, "expiring", Math.ceil(left / DAY));
    if (row.status !== "expiring") result.expiring++;
  }
  return result;
}
