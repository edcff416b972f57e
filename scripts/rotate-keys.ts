/**
 * `npm run keys:rotate` — re-encrypts every stored token that is not under the first key in
 * TOKEN_ENCRYPTION_KEYS. Safe to interrupt (Ctrl-C stops after the current batch) and to re-run:
 * it continues with whatever is still under an older key.
 *
 * To retire a key: put the new key FIRST (keep the old one after it), deploy, run this, then
 * remove the old key once it reports nothing left.
 *
 * Run with `tsx --conditions=react-server scripts/rotate-keys.ts [--batch-size=500]`.
 */
import { database } from "@/db/client";
import { encryptedColumns } from "@/db/schema/encrypted-columns";
import { defaultKeyring } from "@/lib/crypto/keyring";
import { rotateKeys } from "@/lib/crypto/rotate";

function batchSizeArg(): number | undefined {
  const arg = process.argv.slice(2).find((a) => a.startsWith("--batch-size="));
  return arg === undefined ? undefined : Number(arg.slice("--batch-size=".length));
}

async function main(): Promise<number> {
  const keyring = defaultKeyring();
  const others = keyring.keyIds.slice(1);
  console.log(
    `Rotating to key "${keyring.currentKeyId}"` + (others.length ? ` (also decrypting with: ${others.join(", ")})` : ""),
  );
  if (encryptedColumns.length === 0) {
    console.log("No encrypted columns are registered (db/schema/encrypted-columns.ts); nothing to do.");
    return 0;
  }

  const controller = new AbortController();
  process.once("SIGINT", () => {
    console.log("\nStopping after the current batch…");
    controller.abort();
  });

  const { raw } = database();
  try {
    const report = await rotateKeys(raw, keyring, encryptedColumns, {
      batchSize: batchSizeArg(),
      signal: controller.signal,
      onProgress: (p) =>
        console.log(`  ${p.table}.${p.column}: ${p.rotated}/${p.pending} re-encrypted` + (p.failed ? `, ${p.failed} failed` : "")),
    });
    console.log(`Re-encrypted ${report.rotated} value(s).`);
    if (report.changedMeanwhile > 0) {
      console.log(`${report.changedMeanwhile} value(s) changed while rotating; run again to check them.`);
    }
    for (const f of report.failures) {
      console.error(`  cannot decrypt ${f.table}.${f.column} of row ${f.id}: ${f.code}`);
    }
    if (report.interrupted) {
      console.log("Interrupted. Run again to continue.");
      return 130;
    }
    if (report.failures.length > 0) {
      console.error(`${report.failures.length} value(s) could not be decrypted with any configured key; they were left as they are.`);
      return 1;
    }
    console.log(
      report.changedMeanwhile > 0
        ? "Done."
        : `Done: every registered value is under "${keyring.currentKeyId}". Once every app instance uses it as the first key, older keys can be removed.`,
    );
    return 0;
  } finally {
    await raw.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
