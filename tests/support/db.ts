import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPglite, openPostgres, type Database } from "@/db/client";
import { migrate } from "@/db/migrate";

export interface TestDatabase extends Database {
  /** Closes the connection and drops the database. */
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server at
 * DATABASE_URL when it is set (as in CI), otherwise an in-memory PGlite.
 */
export async function createTestDatabase(options: { engine?: "pglite" | "postgres" } = {}): Promise<TestDatabase> {
  // `engine: "postgres"` asks for PostgreSQL even when DATABASE_URL is unset (tests that need real
  // concurrent transactions): TEST_POSTGRES_URL, else the local server.
  const url =
    options.engine === "pglite"
      ? undefined
      : options.engine === "postgres"
        ? (process.env.DATABASE_URL ?? process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres")
        : process.env.DATABASE_URL;
  if (!url) {
    const database = openPglite();
    await migrate(database);
    return { ...database, cleanup: () => database.raw.close() };
  }
  const name = `sb_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = openPostgres(testUrl.toString(), { max: 5 });
  await migrate(database);
  return {
    ...database,
    async cleanup() {
      await database.raw.close();
      const dropper = postgres(url, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
