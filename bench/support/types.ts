/** One line of the table `npm run bench` prints. */
export interface BenchRow {
  bench: string;
  approach: string;
  /** Requests the sandbox counted on provider hosts (not the consent dialog). */
  upstreamRequests: number;
  /** Median wall time of the measured server work, in milliseconds. */
  serverMs: number;
  runs: number;
  /** Targets from the issue, when the row has one. */
  target?: { maxRequests: number; maxMs: number };
  note?: string;
}

export interface Bench {
  name: string;
  run(): Promise<BenchRow[]>;
}
