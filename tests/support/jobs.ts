/**
 * Waiting for a pg-boss job in integration tests: the one loop every test that sends a job to a
 * running worker uses, instead of its own copy.
 */
import type PgBoss from "pg-boss";

const FINISHED = new Set(["completed", "failed", "cancelled"]);

/**
 * Polls the job until it has finished (completed, failed or cancelled) or `timeoutMs` has passed;
 * returns its last state ("" when pg-boss no longer knows the job). The test asserts the state.
 */
export async function waitForJob(boss: PgBoss, queue: string, jobId: string | null, options: { timeoutMs?: number; pollMs?: number } = {}): Promise<string> {
  if (!jobId) throw new Error(`pg-boss did not accept the ${queue} job`);
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const state = (await boss.getJobById(queue, jobId))?.state ?? "";
    if (FINISHED.has(state) || Date.now() >= deadline) return state;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
}

/**
 * Stops a test's pg-boss workers before its database closes. Graceful: a handler still running (a
 * retried delivery, a failing target) finishes first, or its completion write lands after the
 * file on a closed database ("PGlite is closed", an unhandled rejection that fails the run).
 */
export async function stopWorkers(boss: PgBoss | undefined): Promise<void> {
  await boss?.stop({ graceful: true, wait: true, timeout: 15_000 });
}
