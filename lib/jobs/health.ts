import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export interface THealth {
  status: "ok" | "unhealthy";
  /** Why it is unhealthy, in words. */
  problems: string[];
  database: { ok: boolean };
  queue: { oldestDueJobAgeSeconds: number | null; failedLastHour: number; overduePosts: number };
  workers: { alive: number; lastSeenSecondsAgo: number | null };
}

/** A due job waiting longer than this, or a post target this late, means nobody is working the queue. */
export const OVERDUE_SECONDS = 5 * 60;
/** A worker is alive when it beat within this (it beats every 15 s). */
export const HEARTBEAT_STALE_SECONDS = 60;

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The database, the job queue and the workers' heartbeat — unhealthy when publishing is stuck:
 * a post due more than five minutes ago is not out, or no worker is alive, so "stuck in the queue"
 * cannot hide behind a green check.
 */
export async function checkHealth(db: DbOrTx): Promise<THealth> {
  const problems: string[] = [];
  try {
    await db.execute(sql`select 1`);
  } catch {
    return {
      status: "unhealthy",
      problems: ["The database is not answering."],
      database: { ok: false },
      queue: { oldestDueJobAgeSeconds: null, failedLastHour: 0, overduePosts: 0 },
      workers: { alive: 0, lastSeenSecondsAgo: null },
    };
  }
  const rows = (r: unknown): Row[] => (Array.isArray(r) ? (r as Row[]) : ((r as { rows?: Row[] }).rows ?? []));
  const [jobs] = rows(
    await db.execute(sql`
      select
        extract(epoch from now() - min(start_after) filter (where state in ('created', 'retry') and start_after <= now())) as oldest,
        count(*) filter (where state = 'failed' and completed_on > now() - interval '1 hour') as failed
      from pgboss.job`),
  );
  const [overdue] = rows(
    await db.execute(sql`
      select count(*) as n from post_targets
      where status in ('scheduled', 'queued', 'retrying')
        and coalesce(next_attempt_at, created_at) < now() - make_interval(secs => ${OVERDUE_SECONDS})`),
  );
  const [beat] = rows(
    await db.execute(sql`
      select count(*) filter (where seen_at > now() - make_interval(secs => ${HEARTBEAT_STALE_SECONDS})) as alive,
             extract(epoch from now() - max(seen_at)) as last
      from worker_heartbeats`),
  );
  const oldest = num(jobs?.oldest);
  const failedLastHour = num(jobs?.failed) ?? 0;
  const overduePosts = num(overdue?.n) ?? 0;
  const alive = num(beat?.alive) ?? 0;
  const last = num(beat?.last);
  if (overduePosts > 0) problems.push(`${overduePosts} post${overduePosts === 1 ? " is" : "s are"} overdue by more than ${OVERDUE_SECONDS / 60} minutes.`);
  if (oldest !== null && oldest > OVERDUE_SECONDS) problems.push(`The oldest due job has waited ${Math.round(oldest)} seconds.`);
  if (alive === 0) problems.push("No worker has checked in in the last minute.");
  return {
    status: problems.length ? "unhealthy" : "ok",
    problems,
    database: { ok: true },
    queue: { oldestDueJobAgeSeconds: oldest === null ? null : Math.round(oldest), failedLastHour, overduePosts },
    workers: { alive, lastSeenSecondsAgo: last === null ? null : Math.round(last) },
  };
}
