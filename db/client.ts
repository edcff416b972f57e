import { mkdirSync } from "node:fs";
import path from "node:path";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { databaseEnv } from "./config";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Domain functions take this first, so tests can pass a transaction. */
export type DbOrTx = Db | Tx;

/** A raw SQL runner with positional parameters, used by pg-boss and the migrator. */
export interface RawSql {
  kind: "postgres" | "pglite";
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: T[] }>;
  /** Multi-statement SQL without parameters. */
  exec(text: string): Promise<void>;
  close(): Promise<void>;
}

export interface Database {
  db: Db;
  raw: RawSql;
  /** The PostgreSQL URL (postgres.js only). */
  url?: string;
  /** The embedded instance (PGlite only), for adapters that need it directly. */
  pglite?: PGlite;
}

/** Opens PostgreSQL through postgres.js. */
export function openPostgres(url: string, options: { max?: number } = {}): Database {
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    url,
    raw: {
      kind: "postgres",
      async query<T>(text: string, values: unknown[] = []) {
        const rows = await client.unsafe(text, values as never[]);
        return { rows: rows as unknown as T[] };
      },
      async exec(text: string) {
        await client.unsafe(text);
      },
      close: () => client.end({ timeout: 5 }),
    },
  };
}

/**
 * Opens embedded PGlite: persisted in `dataDir`, or in memory when `dataDir` is undefined;
 * `loadDataDir` starts it from a dump (`dumpDataDir()`), as the tests' migrated copy does.
 */
export function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): Database {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ ...(dataDir ? { dataDir } : {}), ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    pglite: client,
    raw: {
      kind: "pglite",
      async query<T>(text: string, values: unknown[] = []) {
        const result = await client.query<T>(text, values);
        return { rows: result.rows };
      },
      async exec(text: string) {
        await client.exec(text);
      },
      close: () => client.close(),
    },
  };
}

const globalForDb = globalThis as unknown as { __switchboardDb?: Database };

/**
 * The process-wide database: postgres.js when DATABASE_URL is set, otherwise embedded PGlite
 * under DATA_DIR. Kept on globalThis so Next's module reloading never opens PGlite twice.
 */
export function database(): Database {
  if (!globalForDb.__switchboardDb) {
    const { DATABASE_URL, DATA_DIR } = databaseEnv();
    globalForDb.__switchboardDb = DATABASE_URL
      ? openPostgres(DATABASE_URL)
      : openPglite(path.resolve(DATA_DIR, "pglite"));
  }
  return globalForDb.__switchboardDb;
}

/** Shorthand for `database().db`. */
export function getDb(): Db {
  return database().db;
}
