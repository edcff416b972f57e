import { z } from "zod";

/**
 * The database's own two variables. db/ does not import lib/, so it parses these itself;
 * lib/env.ts includes this schema in the app's one environment schema (and reports problems).
 */
export const ZDatabaseEnv = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .transform((v) => (v === "" ? undefined : v))
    .optional()
    .pipe(z.url().optional()),
  DATA_DIR: z.string().default(".data"),
});

export type TDatabaseEnv = z.infer<typeof ZDatabaseEnv>;

/** Where the process-wide database is: PostgreSQL at DATABASE_URL, else PGlite under DATA_DIR. */
export function databaseEnv(source: Record<string, string | undefined> = process.env): TDatabaseEnv {
  const parsed = ZDatabaseEnv.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return parsed.data;
}
