/**
 * CPU time per process, read from /proc (Linux): user + system time, in milliseconds. A bench
 * reads it before and after the measured work and divides by the work done — a figure that does
 * not depend on what else the machine runs (unlike wall time on a shared machine).
 */
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // CLK_TCK = 100 on Linux

interface TStat {
  ppid: number;
  cpuMs: number;
}

function stat(pid: number): TStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: the fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // fields[0] is state (field 3); ppid is field 4, utime 14, stime 15.
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null;
  }
}

/** CPU ms of each pid given (those gone count 0). */
export function cpuOf(pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, stat(pid)?.cpuMs ?? 0]));
}

/** The pid and every descendant (e.g. `tsx` and the node process it starts). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (!s) continue;
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/** CPU ms spent by `pids` between two readings (a pid first seen in `after` counts from 0). */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, v] of after) ms += v - (before.get(pid) ?? 0);
  return ms;
}
