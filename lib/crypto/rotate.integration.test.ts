import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, openPostgres, type Database, type RawSql } from "@/db/client";
import type { EncryptedColumnSet } from "@/db/schema/encrypted-columns";
import { createKeyring } from "./keyring";
import { rotateKeys } from "./rotate";
import { decryptToken, encryptToken, keyIdOf } from "./tokens";

// In-memory PGlite by default; real PostgreSQL when DATABASE_URL is set (scratch tables, dropped after).
let database: Database;
const created: string[] = [];

beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  database = url ? openPostgres(url, { max: 2 }) : openPglite();
  // Open it here, under the hook's timeout: PGlite's start on a loaded machine must not eat the first test's.
  await database.raw.query("SELECT 1");
});

afterAll(async () => {
  for (const table of created) await database.raw.exec(`DROP TABLE IF EXISTS "${table}"`);
  await database.raw.close();
});

const k1 = `k1:${randomBytes(32).toString("base64")}`;
const k2 = `k2:${randomBytes(32).toString("base64")}`;
const oldKeys = createKeyring(k1);
const bothKeys = createKeyring(`${k2},${k1}`);
const newKeyOnly = createKeyring(k2);

interface Row {
  id: string;
  access: string | null;
  refresh: string | null;
}

/** A scratch table like a feature's: uuid or integer ids, two encrypted text columns. */
async function seedTable(count: number, idType: "uuid" | "integer" = "uuid"): Promise<{ set: EncryptedColumnSet; rows: Row[] }> {
  const table = `crypto_rotate_${randomBytes(6).toString("hex")}`;
  created.push(table);
  await database.raw.exec(
    `CREATE TABLE "${table}" (id ${idType} PRIMARY KEY, access_token text, refresh_token text, note text)`,
  );
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const id = idType === "uuid" ? randomUUID() : String(i + 1);
    const row: Row = {
      id,
      access: encryptToken(`access-${id}`, { table, id, field: "access_token" }, oldKeys),
      // Some connections have no refresh token.
      refresh: i % 3 === 2 ? null : encryptToken(`refresh-${id}`, { table, id, field: "refresh_token" }, oldKeys),
    };
    await database.raw.query(`INSERT INTO "${table}" (id, access_token, refresh_token, note) VALUES ($1, $2, $3, 'keep')`, [
      row.id,
      row.access,
      row.refresh,
    ]);
    rows.push(row);
  }
  return { set: { table, idColumn: "id", columns: ["access_token", "refresh_token"] }, rows };
}

async function stored(table: string): Promise<Row[]> {
  const { rows } = await database.raw.query<Row>(
    `SELECT id::text AS id, access_token AS access, refresh_token AS refresh FROM "${table}" ORDER BY id`,
  );
  return rows;
}

function keyIds(rows: Row[]): string[] {
  return rows.flatMap((r) => [r.access, r.refresh]).flatMap((v) => (v === null ? [] : [keyIdOf(v) ?? "?"]));
}

describe("npm run keys:rotate", () => {
  it("add a new key, rotate, remove the old key: every token still decrypts (S3)", async () => {
    const { set, rows } = await seedTable(11);
    const integerIds = await seedTable(4, "integer");
    const report = await rotateKeys(database.raw, bothKeys, [set, integerIds.set], { batchSize: 4 });

    const nonNull = [...rows, ...integerIds.rows].flatMap((r) => [r.access, r.refresh]).filter((v) => v !== null).length;
    expect(report).toEqual({ rotated: nonNull, changedMeanwhile: 0, failures: [], interrupted: false });

    for (const { table, original } of [
      { table: set.table, original: rows },
      { table: integerIds.set.table, original: integerIds.rows },
    ]) {
      const after = await stored(table);
      expect(new Set(keyIds(after))).toEqual(new Set(["k2"]));
      for (const row of after) {
        // The old key is gone from the keyring; everything reads with the new key alone.
        expect(decryptToken(row.access!, { table, id: row.id, field: "access_token" }, newKeyOnly)).toBe(`access-${row.id}`);
        const before = original.find((r) => r.id === row.id)!;
        if (before.refresh === null) expect(row.refresh).toBeNull();
        else expect(decryptToken(row.refresh!, { table, id: row.id, field: "refresh_token" }, newKeyOnly)).toBe(`refresh-${row.id}`);
      }
    }
    const { rows: notes } = await database.raw.query<{ note: string }>(`SELECT DISTINCT note FROM "${set.table}"`);
    expect(notes).toEqual([{ note: "keep" }]);
  });

  it("an interrupted rotation continues where it stopped when run again", async () => {
    const { set } = await seedTable(10);
    const accessOnly = { ...set, columns: ["access_token"] };
    const controller = new AbortController();
    const first = await rotateKeys(database.raw, bothKeys, [accessOnly], {
      batchSize: 3,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(first).toMatchObject({ rotated: 3, interrupted: true, failures: [] });
    const midway = (await stored(set.table)).map((r) => keyIdOf(r.access!));
    expect(midway.filter((k) => k === "k2")).toHaveLength(3);
    expect(midway.filter((k) => k === "k1")).toHaveLength(7);

    const progress: number[] = [];
    const second = await rotateKeys(database.raw, bothKeys, [accessOnly], {
      batchSize: 3,
      onProgress: (p) => progress.push(p.rotated),
    });
    expect(second).toMatchObject({ rotated: 7, interrupted: false, failures: [] });
    expect(progress).toEqual([3, 6, 7]);
    expect((await stored(set.table)).every((r) => keyIdOf(r.access!) === "k2")).toBe(true);

    const third = await rotateKeys(database.raw, bothKeys, [accessOnly], { batchSize: 3 });
    expect(third.rotated).toBe(0);
  });

  it("values already under the current key are left exactly as they are", async () => {
    const { set } = await seedTable(4);
    await rotateKeys(database.raw, bothKeys, [set]);
    const once = await stored(set.table);
    const again = await rotateKeys(database.raw, bothKeys, [set]);
    expect(again.rotated).toBe(0);
    expect(await stored(set.table)).toEqual(once);
  });

  it("a value no configured key can read is reported and left alone, and the rest still rotate", async () => {
    const { set, rows } = await seedTable(6);
    const [first, second, third] = rows as [Row, Row, Row];
    const unknown = encryptToken("x", { table: set.table, id: first.id, field: "access_token" }, createKeyring(`k0:${randomBytes(32).toString("base64")}`));
    await database.raw.query(`UPDATE "${set.table}" SET access_token = $1 WHERE id = $2`, [unknown, first.id]);
    // Another row's ciphertext pasted into this row (S2): must not be "rotated" into validity.
    await database.raw.query(`UPDATE "${set.table}" SET access_token = $1 WHERE id = $2`, [third.access, second.id]);

    // batchSize 1: failing rows fill whole batches, and rotation must still move past them.
    const report = await rotateKeys(database.raw, bothKeys, [set], { batchSize: 1 });
    expect(report.failures).toEqual(
      expect.arrayContaining([
        { table: set.table, column: "access_token", id: first.id, code: "unknown_key" },
        { table: set.table, column: "access_token", id: second.id, code: "tampered" },
      ]),
    );
    expect(report.failures).toHaveLength(2);
    const after = await stored(set.table);
    expect(after.find((r) => r.id === first.id)!.access).toBe(unknown);
    expect(after.find((r) => r.id === second.id)!.access).toBe(third.access);
    expect(keyIds(after).filter((k) => k === "k2")).toHaveLength(keyIds(after).length - 2);
  });

  it("a token the app rewrites while rotation runs is not overwritten", async () => {
    const { set, rows } = await seedTable(3);
    const target = rows[1]!;
    const refreshed = encryptToken("refreshed-by-app", { table: set.table, id: target.id, field: "access_token" }, bothKeys);
    let raced = false;
    const racingRaw: RawSql = {
      ...database.raw,
      async query<T>(text: string, values?: unknown[]) {
        if (!raced && text.startsWith("UPDATE")) {
          raced = true;
          await database.raw.query(`UPDATE "${set.table}" SET access_token = $1 WHERE id = $2`, [refreshed, target.id]);
        }
        return database.raw.query<T>(text, values);
      },
    };
    const report = await rotateKeys(racingRaw, bothKeys, [{ ...set, columns: ["access_token"] }]);
    expect(report).toMatchObject({ rotated: 2, changedMeanwhile: 1, failures: [] });
    const after = await stored(set.table);
    expect(after.find((r) => r.id === target.id)!.access).toBe(refreshed);
  });
});
