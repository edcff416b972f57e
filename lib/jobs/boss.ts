import "server-only";
import PgBoss from "pg-boss";
import type { PGlite } from "@electric-sql/pglite";
import type { Database } from "@/db/client";
import type { TPublishWorkerOptions } from "@/lib/publishing/worker";

/**
 * pg-boss on the app's own database. With PostgreSQL it opens its own small pool from the URL;
 * with embedded PGlite it shares the single in-process instance through this adapter
 * (PGlite's `exec` runs pg-boss's multi-statement migrations, `query` everything parameterised).
 */
export function pgliteAdapter(pglite: PGlite) {
  return {
    async executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
      if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows };
      const results = await pglite.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

export interface BossOptions {
  /** Seconds between a worker's fetches, for every queue (instead of each queue's own); tests set it. */
  pollingIntervalSeconds?: number;
  /** Run cron schedules and maintenance (one elected instance does the work). */
  schedule?: boolean;
  /** Publishing retries and polls (tests shorten the waits). */
  publish?: TPublishWorkerOptions;
  /** How often this process records that it is alive (GET /api/health). */
  heartbeatMs?: number;
}

/** Creates (but does not start) a pg-boss instance on the given database. */
export function createBoss(database: Database, options: BossOptions = {}): PgBoss {
  const common = {
    schedule: options.schedule ?? true,
    supervise: true,
    // A single embedded database cannot spare connections; PostgreSQL gets a small pool.
    max: 4,
  } as const;
  if (database.pglite) {
    return new PgBoss({ ...common, db: pgliteAdapter(database.pglite) });
  }
  if (!database.url) throw new Error("pg-boss needs a PostgreSQL URL or an embedded database");
  return new PgBoss({ ...common, connectionString: database.url });
}
