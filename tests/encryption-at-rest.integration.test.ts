import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptedColumns } from "@/db/schema/encrypted-columns";
import { decryptToken } from "@/lib/crypto";
import { PENDING_CHOICE_TTL_SECONDS } from "@/lib/pending-choices";
import { buildWorld, type TWorld } from "@/tests/support/authz-world";
import { asBrowser, callRoute } from "@/tests/support/next";
import { initiateOAuth } from "@/lib/connectors/oauth";
import { resetEnvForTests } from "@/lib/env";
import { queueEmail } from "@/lib/notifications/email";
import { CONNECTOR_TYPE } from "@/lib/connectors/schemas";
import * as socialConnectRoute from "@/app/api/social/[platform]/connect/route";

/**
 * Encryption at rest, swept generically (SECURITY S1): with one of every kind of row present —
 * connections of several platforms, a pending LinkedIn pick, a pending Meta Page list, an agency
 * client's pending selector, the organization's Page, a connector, an OAuth flow with a PKCE
 * verifier — every column listed in
 * db/schema/encrypted-columns.ts holds only v1 ciphertext that decrypts for its own row, and no
 * token found inside them appears in plain text in any text or JSON column of any table.
 */

let w: TWorld;
const CIPHERTEXT = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}$/;

beforeAll(async () => {
  w = await buildWorld();
  // An OAuth flow waiting for its callback (X: with an encrypted PKCE verifier).
  const start = await callRoute(socialConnectRoute.GET, asBrowser(w.browsers.ownerInV, "/api/social/x/connect"), { platform: "x" });
  expect(start.status).toBe(303);
  // A connector consent waiting for its person.
  await initiateOAuth(w.tdb.db, w.orgV, { external_user_id: "victim-user-2", connector_type: CONNECTOR_TYPE, redirect_url: `${w.v.allowedOrigin}/done` });
  // An email waiting in the outbox (its content is encrypted): queued as with SMTP configured.
  const smtp = process.env.SMTP_URL;
  process.env.SMTP_URL = "smtp://127.0.0.1:2525";
  resetEnvForTests();
  try {
    expect(await queueEmail(w.tdb.db, "owner@example.com", { subject: "You're invited", text: "Join Victim Co", html: "<p>Join Victim Co</p>" })).toBeTruthy();
  } finally {
    if (smtp === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = smtp;
    resetEnvForTests();
  }
}, 180_000);

afterAll(async () => {
  await w?.sb.close();
  await w?.tdb.cleanup();
});

/** Secrets inside a decrypted value: the value itself, or for JSON every string under a key naming a token, secret or verifier. */
function secretsIn(plain: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(plain);
  } catch {
    return [plain];
  }
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === "string" && /token|secret|verifier/i.test(key) && v.length >= 8) out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(parsed, "");
  return out;
}

describe("encryption at rest, every encrypted column and every text column", () => {
  it("every encrypted column holds v1 ciphertext bound to its own row, with every kind of row present", async () => {
    const secrets: string[] = [];
    for (const set of encryptedColumns) {
      const { rows } = await w.tdb.raw.query<Record<string, string | null>>(`select * from "${set.table}"`);
      expect(rows.length, `${set.table} has no row: the sweep would prove nothing`).toBeGreaterThan(0);
      for (const row of rows) {
        for (const column of set.columns) {
          const value = row[column];
          if (value === null || value === undefined) continue;
          expect(value, `${set.table}.${column}`).toMatch(CIPHERTEXT);
          const plain = decryptToken(value, { table: set.table, id: String(row[set.idColumn]), field: column });
          // Bound to its row: under another row's id it does not decrypt.
          expect(() => decryptToken(value, { table: set.table, id: "00000000-0000-4000-8000-000000000000", field: column })).toThrow();
          secrets.push(...secretsIn(plain));
        }
      }
    }
    // A row of every kind of pending choice is present (a connect pick, a Page list, an agency client's selector; a new kind must add one).
    const kinds = await w.tdb.raw.query<{ kind: string }>(`select distinct kind from pending_choices order by kind`);
    expect(kinds.rows.map((r) => r.kind)).toEqual(Object.keys(PENDING_CHOICE_TTL_SECONDS).sort());
    const tables = encryptedColumns.map((s) => s.table);
    expect(tables).toEqual(expect.arrayContaining(["oauth_flows", "pending_choices", "social_connections", "organization_meta_settings"]));
    // Tokens of every kind were found inside: X, Instagram, LinkedIn pick, Page tokens.
    expect(secrets.length).toBeGreaterThanOrEqual(6);
  });

  it("no token from inside the ciphertext appears in plain text in any text, varchar or JSON column of any table", async () => {
    const secrets = new Set<string>();
    for (const set of encryptedColumns) {
      const { rows } = await w.tdb.raw.query<Record<string, string | null>>(`select * from "${set.table}"`);
      for (const row of rows) for (const column of set.columns) if (row[column]) for (const s of secretsIn(decryptToken(row[column]!, { table: set.table, id: String(row[set.idColumn]), field: column }))) secrets.add(s);
    }
    expect(secrets.size).toBeGreaterThanOrEqual(6);
    const columns = await w.tdb.raw.query<{ table_name: string; column_name: string }>(
      `select c.table_name, c.column_name from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY')
        order by c.table_name, c.column_name`,
    );
    expect(columns.rows.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const { table_name: table, column_name: column } of columns.rows) {
      const { rows } = await w.tdb.raw.query<{ v: string | null }>(`select "${column}"::text as v from "${table}"`);
      for (const { v } of rows) {
        if (!v) continue;
        for (const s of secrets) if (v.includes(s)) leaks.push(`${table}.${column}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
