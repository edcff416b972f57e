import "server-only";
import { and, gt, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerThrottles } from "@/db/schema";
import type { RateLimitInfo } from "@/lib/http";

/** From this share of a Meta limit on, the scope's next calls wait instead of running into the throttle at 100 %. */
export const SLOW_DOWN_AT_PERCENT = 90;
/** How long to wait when Meta gives no time to regain access (its usage is a rolling window: it falls as calls age). */
export const DEFAULT_USAGE_PAUSE_MS = 10 * 60_000;

export interface TThrottleScopes {
  /** The connection's own limit (a Page's or Instagram account's business use case). */
  account: string;
  /** The app's limit (X-App-Usage), shared by every connection made with the same app. */
  app: string | null;
}

export function throttleScopes(connectionId: string, appClientId: string | undefined): TThrottleScopes {
  return { account: `connection:${connectionId}`, app: appClientId ? `app:${appClientId}` : null };
}

export interface TPause {
  scope: string;
  until: Date;
  usagePercent: number;
}

const percentOf = (u: { call_count?: number; total_time?: number; total_cputime?: number } | undefined): number =>
  Math.max(0, u?.call_count ?? 0, u?.total_time ?? 0, u?.total_cputime ?? 0);

/** The pauses the usage headers of one publish's responses call for (none while usage stays below SLOW_DOWN_AT_PERCENT). */
export function pausesFrom(readings: readonly RateLimitInfo[], scopes: TThrottleScopes, now = Date.now()): TPause[] {
  let app = 0;
  let account = 0;
  let regainMinutes = 0;
  for (const r of readings) {
    app = Math.max(app, percentOf(r.appUsage));
    account = Math.max(account, percentOf(r.pageUsage));
    for (const entries of Object.values(r.businessUseCaseUsage ?? {})) {
      for (const e of entries) {
        account = Math.max(account, percentOf(e));
        regainMinutes = Math.max(regainMinutes, e.estimated_time_to_regain_access ?? 0);
      }
    }
  }
  const pauses: TPause[] = [];
  if (account >= SLOW_DOWN_AT_PERCENT) {
    pauses.push({ scope: scopes.account, usagePercent: account, until: new Date(now + (regainMinutes > 0 ? regainMinutes * 60_000 : DEFAULT_USAGE_PAUSE_MS)) });
  }
  if (app >= SLOW_DOWN_AT_PERCENT && scopes.app) {
    pauses.push({ scope: scopes.app, usagePercent: app, until: new Date(now + DEFAULT_USAGE_PAUSE_MS) });
  }
  return pauses;
}

/** Saves the pauses (the latest reading of a scope replaces the previous one). */
export async function recordPauses(db: DbOrTx, pauses: readonly TPause[]): Promise<void> {
  if (pauses.length === 0) return;
  await db
    .insert(providerThrottles)
    .values(pauses.map((p) => ({ scope: p.scope, until: p.until, usagePercent: p.usagePercent })))
    .onConflictDoUpdate({ target: providerThrottles.scope, set: { until: sql`excluded.until`, usagePercent: sql`excluded.usage_percent`, updatedAt: sql`now()` } });
}

/** The scopes among these that are paused now, with when each may call again: one query for a whole batch. */
export async function activePauses(db: DbOrTx, scopes: readonly string[]): Promise<Map<string, TPause>> {
  if (scopes.length === 0) return new Map();
  const rows = await db
    .select()
    .from(providerThrottles)
    .where(and(inArray(providerThrottles.scope, [...new Set(scopes)]), gt(providerThrottles.until, sql`now()`)));
  return new Map(rows.map((r) => [r.scope, { scope: r.scope, until: r.until, usagePercent: r.usagePercent }]));
}
