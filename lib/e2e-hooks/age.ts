import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";

/**
 * E2E tests cannot wait for a TTL (a Page list's 5 minutes, a token's 60 days), and on the
 * embedded database only the app may open it. So the E2E app (E2E_TEST_HOOKS=1, only with a
 * sandbox) lets a test move the timestamps of its own rows back, as if the time had passed:
 * `POST /api/e2e-hooks/age {table, email, seconds}`. Only the tables and columns below, only
 * rows of the person with that email. Add a table here when a test needs to age it.
 */
const AGEABLE = {
  /**
   * This person's pending choices (a Page list, a connect picker; lib/pending-choices.ts) and those
   * waiting on their workspaces' access links (an agency client's selector): their expiry.
   */
  pending_choices: {
    columns: ["expires_at", "created_at"],
    owner: (userId: SQL) =>
      sql`(user_id = ${userId} or access_request_id in (select id from access_requests where organization_id in (select organization_id from memberships where user_id = ${userId})))`,
  },
  /** The connections of this person's workspaces: their token expiry. */
  social_connections: {
    columns: ["token_expires_at"],
    owner: (userId: SQL) => sql`organization_id in (select organization_id from memberships where user_id = ${userId})`,
  },
  /** The client connections of this person's workspaces (agency access): their token expiry. */
  client_connections: {
    columns: ["token_expires_at"],
    owner: (userId: SQL) => sql`organization_id in (select organization_id from memberships where user_id = ${userId})`,
  },
} as const satisfies Record<string, { columns: readonly string[]; owner: (userId: SQL) => SQL }>;

export const ZAgeRequest = z.object({
  table: z.enum(Object.keys(AGEABLE) as [keyof typeof AGEABLE, ...(keyof typeof AGEABLE)[]]),
  email: z.string().trim().toLowerCase().pipe(z.email()),
  seconds: z.number().int().positive().max(400 * 86_400),
});
export type TAgeRequest = z.infer<typeof ZAgeRequest>;

/** Moves every listed timestamp of this person's rows in `table` back by `seconds`; returns how many rows. */
export async function ageRows(db: DbOrTx, input: TAgeRequest): Promise<number> {
  const spec = AGEABLE[input.table];
  const userId = sql`(select id from users where email = ${input.email.trim().toLowerCase()})`;
  const sets = sql.join(
    spec.columns.map((c) => sql`${sql.identifier(c)} = ${sql.identifier(c)} - make_interval(secs => ${input.seconds})`),
    sql`, `,
  );
  const rows = await db.execute(sql`update ${sql.identifier(input.table)} set ${sets} where ${spec.owner(userId)} returning 1 as aged`);
  return rowCount(rows);
}

function rowCount(result: unknown): number {
  // postgres.js answers an array of rows; PGlite an object with `rows`.
  if (Array.isArray(result)) return result.length;
  const rows = (result as { rows?: unknown[] }).rows;
  return rows?.length ?? 0;
}
