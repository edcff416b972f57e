import "server-only";
import type PgBoss from "pg-boss";
import { database } from "@/db/client";
import { migrate } from "@/db/migrate";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { startSender, startWorkers } from "@/lib/jobs";

const globalForBoss = globalThis as unknown as { __switchboardBoss?: Promise<PgBoss> };

/** Migrates and starts pg-boss once per process. */
export async function startApp(): Promise<void> {
  const config = env();
  const db = database();
  await migrate(db);
  logger.info({ database: db.raw.kind }, "database ready");
  globalForBoss.__switchboardBoss ??= config.RUN_WORKERS ? startWorkers(db) : startSender(db);
  await globalForBoss.__switchboardBoss;
}

/** The running pg-boss, for code that enqueues jobs (publishing). */
export async function getBoss(): Promise<PgBoss> {
  globalForBoss.__switchboardBoss ??= startSender(database());
  return globalForBoss.__switchboardBoss;
}
