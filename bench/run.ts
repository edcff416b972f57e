/**
 * `npm run bench`: runs every bench/*.bench.ts (or those whose name contains an argument) and
 * prints one table. Each bench starts what it needs in-process (the sandbox, an embedded database).
 */
import { readdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Bench, BenchRow } from "./support/types";

const dir = import.meta.dirname;
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

function table(rows: BenchRow[]): string {
  const head = ["bench", "approach", "upstream requests", "server time", "runs", "target", "", "note"];
  const body = rows.map((r) => {
    const ok = r.target ? r.upstreamRequests <= r.target.maxRequests && r.serverMs <= r.target.maxMs : undefined;
    return [
      r.bench,
      r.approach,
      String(r.upstreamRequests),
      `${(r.serverMs / 1000).toFixed(3)} s`,
      String(r.runs),
      r.target ? `≤ ${r.target.maxRequests} req, ≤ ${(r.target.maxMs / 1000).toFixed(1)} s` : "",
      ok === undefined ? "" : ok ? "PASS" : "FAIL",
      r.note ?? "",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...body.map(line)].join("\n");
}

const rows: BenchRow[] = [];
let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { bench?: Bench };
  if (!mod.bench) continue;
  process.stdout.write(`running ${mod.bench.name}…\n`);
  try {
    rows.push(...(await mod.bench.run()));
  } catch (err) {
    failed = true;
    console.error(`${mod.bench.name} failed:`, err);
  }
}
const [l1, l5] = loadavg();
console.log(`\n${table(rows)}\n`);
// Server times include the in-process sandbox's own work and whatever else the machine runs.
console.log(`${cpus().length} CPUs, load average ${l1!.toFixed(2)} (1 min) ${l5!.toFixed(2)} (5 min) while measuring\n`);
if (failed || rows.some((r) => r.target && (r.upstreamRequests > r.target.maxRequests || r.serverMs > r.target.maxMs))) process.exitCode = 1;
process.exit();
