import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database } from "./client";

export const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

// Any fixed number: serializes migrations when several app instances start at once.
const MIGRATION_LOCK = 727_001;

/** Applies every committed migration that has not run yet (the same history on both drivers). */
export async function migrate(database: Database): Promise<void> {
  if (database.raw.kind === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  if (!database.url) throw new Error("a PostgreSQL database needs its url to migrate");
  // One dedicated connection, so the advisory lock and the migration share a session.
  const client = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzle(client), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}
