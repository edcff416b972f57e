import "server-only";
import type { RawSql } from "@/db/client";
import type { EncryptedColumnSet } from "@/db/schema/encrypted-columns";
import type { Keyring } from "./keyring";
import { ciphertextPrefix, decryptToken, DecryptError, encryptToken, type DecryptErrorCode } from "./tokens";

/**
 * Re-encrypts every registered value that is not under the keyring's current key.
 *
 * Resumable by construction: values already under the current key are filtered out in SQL,
 * each batch is one UPDATE statement (so it commits on its own), and each row is written only
 * if it still holds the value that was read (compare-and-swap), so a token the app refreshed
 * meanwhile is never overwritten. Values that cannot be decrypted are reported, not touched.
 */

export interface RotationOptions {
  /** Rows read and written per statement (default 500). */
  batchSize?: number;
  /** Stops after the batch in flight; a later run continues where this one stopped. */
  signal?: AbortSignal;
  /** Called after every batch with that column's running totals. */
  onProgress?: (progress: RotationProgress) => void;
}

export interface RotationProgress {
  table: string;
  column: string;
  /** Values not under the current key when this column started. */
  pending: number;
  rotated: number;
  failed: number;
}

export interface RotationFailure {
  table: string;
  column: string;
  id: string;
  code: DecryptErrorCode;
}

export interface RotationReport {
  rotated: number;
  /** Rows whose value changed between read and write; a re-run picks them up if still needed. */
  changedMeanwhile: number;
  failures: RotationFailure[];
  /** True when `signal` stopped the run early. */
  interrupted: boolean;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_BATCH = 10_000;

function quote(name: string): string {
  if (!IDENT.test(name)) throw new Error(`rotateKeys: "${name}" is not a plain SQL identifier`);
  return `"${name}"`;
}

/** Re-encrypts every value in `columns` that is not under `keyring`'s current key, batch by batch. */
export async function rotateKeys(
  raw: RawSql,
  keyring: Keyring,
  columns: readonly EncryptedColumnSet[],
  options: RotationOptions = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) {
    throw new Error(`rotateKeys: batchSize must be an integer from 1 to ${MAX_BATCH}`);
  }
  const report: RotationReport = { rotated: 0, changedMeanwhile: 0, failures: [], interrupted: false };
  for (const set of columns) {
    for (const column of set.columns) {
      await rotateColumn(raw, keyring, set, column, batchSize, options, report);
      if (report.interrupted) return report;
    }
  }
  return report;
}

async function rotateColumn(
  raw: RawSql,
  keyring: Keyring,
  set: EncryptedColumnSet,
  column: string,
  batchSize: number,
  options: RotationOptions,
  report: RotationReport,
): Promise<void> {
  const [t, id, col] = [quote(set.table), quote(set.idColumn), quote(column)];
  const prefix = ciphertextPrefix(keyring.currentKeyId);
  const stale = `${col} IS NOT NULL AND NOT starts_with(${col}, $1::text)`;
  const { rows: counted } = await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t} WHERE ${stale}`, [prefix]);
  const progress: RotationProgress = { table: set.table, column, pending: counted[0]?.n ?? 0, rotated: 0, failed: 0 };

  // Keyset pagination on the id, so values that fail to decrypt are passed over, not re-read forever.
  let after: string | undefined;
  for (;;) {
    if (options.signal?.aborted) {
      report.interrupted = true;
      return;
    }
    const { rows } = await raw.query<{ id: string; value: string }>(
      `SELECT ${id}::text AS id, ${col} AS value FROM ${t} WHERE ${stale}` +
        (after === undefined ? "" : ` AND ${id} > $2`) +
        ` ORDER BY ${id} LIMIT ${batchSize}`,
      after === undefined ? [prefix] : [prefix, after],
    );
    if (rows.length === 0) break;

    const updates: { id: string; from: string; to: string }[] = [];
    for (const row of rows) {
      const ctx = { table: set.table, id: row.id, field: column };
      try {
        updates.push({ id: row.id, from: row.value, to: encryptToken(decryptToken(row.value, ctx, keyring), ctx, keyring) });
      } catch (error) {
        if (!(error instanceof DecryptError)) throw error;
        report.failures.push({ table: set.table, column, id: row.id, code: error.code });
        progress.failed++;
      }
    }
    if (updates.length > 0) {
      const written = await writeBatch(raw, t, id, col, updates);
      progress.rotated += written;
      report.rotated += written;
      report.changedMeanwhile += updates.length - written;
    }
    after = rows[rows.length - 1]!.id;
    options.onProgress?.({ ...progress });
    if (rows.length < batchSize) break;
  }
}

/** One statement for the whole batch; each row is written only if it still holds the value read. */
async function writeBatch(
  raw: RawSql,
  t: string,
  id: string,
  col: string,
  updates: { id: string; from: string; to: string }[],
): Promise<number> {
  const values: string[] = [];
  const setCases: string[] = [];
  const fromCases: string[] = [];
  const ids: string[] = [];
  for (const u of updates) {
    const n = values.push(u.id, u.to, u.from);
    // The id parameter takes the id column's type from the comparison (uuid, integer, text…).
    ids.push(`$${n - 2}`);
    setCases.push(`WHEN $${n - 2} THEN $${n - 1}::text`);
    fromCases.push(`WHEN $${n - 2} THEN $${n}::text`);
  }
  const { rows } = await raw.query(
    `UPDATE ${t} SET ${col} = CASE ${id} ${setCases.join(" ")} END` +
      ` WHERE ${id} IN (${ids.join(", ")}) AND ${col} = CASE ${id} ${fromCases.join(" ")} END` +
      ` RETURNING ${id}`,
    values,
  );
  return rows.length;
}
