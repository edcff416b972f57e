import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openPglite, openPostgres, type Database } from "@/db/client";
import { migrate, migrationsFolder } from "@/db/migrate";

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
    const database = openPglite(undefined, { loadDataDir: await migratedPgliteDump() });
    return { ...database, cleanup: () => database.raw.close() };
  }
  const name = `sb_test_${randomBytes(6).toString("hex")}`;
  const template = await migratedTemplate(url);
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  await admin.end();
  const database = openPostgres(databaseUrl(url, name), { max: 5 });
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

function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The migrations' content: a template is reused only while the migrations are the same. */
function migrationsHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(readFileSync(full));
    }
  };
  walk(migrationsFolder);
  return hash.digest("hex").slice(0, 16);
}

/**
 * PGlite's counterpart of the template: a dump of a freshly migrated in-memory database, kept in
 * the temp directory per PGlite version and migrations' content (written to a temporary name, then renamed) and read
 * by every later test file. Starting from it is about three times faster than starting empty and
 * migrating; the result is the same database.
 */
async function migratedPgliteDump(): Promise<Blob> {
  // PGlite's version too: a dump is read only by the version that wrote it.
  // Found by module resolution, not under process.cwd(): Stryker's sandbox (npm run test:mutation)
  // has no node_modules of its own when the checkout's node_modules is a symlink (a worktree), and a
  // beforeAll that throws there makes Stryker count every test of the file as skipped: NoCoverage.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const packageJson = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), "package.json");
  const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
  const file = path.join(tmpdir(), `switchboard-pglite-${version}-${migrationsHash()}.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    const database = openPglite();
    try {
      await migrate(database);
      const dump = await database.pglite!.dumpDataDir("none");
      const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
      return dump;
    } finally {
      await database.raw.close();
    }
  }
}

/**
 * A migrated database to clone (`create database … template …`) instead of running every
 * migration for every test file: built once per migrations' content, under an advisory lock so
 * parallel workers build it once, under a temporary name renamed when complete (a build that dies
 * halfway is never used). The clone has exactly what `migrate()` produces.
 */
async function migratedTemplate(url: string): Promise<string> {
  const name = `sb_template_${migrationsHash()}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(hashtext(${name}))`;
    const [found] = await admin`select 1 as found from pg_database where datname = ${name}`;
    if (!found) {
      const building = `${name}_build_${randomBytes(4).toString("hex")}`;
      await admin.unsafe(`create database ${building}`);
      const database = openPostgres(databaseUrl(url, building), { max: 1 });
      try {
        await migrate(database);
      } finally {
        await database.raw.close();
      }
      await admin.unsafe(`alter database ${building} rename to ${name}`);
    }
    await admin`select pg_advisory_unlock(hashtext(${name}))`;
  } finally {
    await admin.end();
  }
  return name;
}
