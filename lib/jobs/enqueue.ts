import "server-only";
import type PgBoss from "pg-boss";
import type { z } from "zod";
import { sendJob, type TQueue, type TSendOptions } from "./queue";

/**
 * The running pg-boss of this process, for code that enqueues jobs (routes, actions, domain
 * functions). Set when startWorkers or startSender starts it; a worker running in this process
 * is woken at once for what is enqueued here (no polling wait).
 */
interface TRunning {
  boss: PgBoss;
  /** Queue name → id of this process's worker for it. */
  workers: Map<string, string>;
}

const globalForJobs = globalThis as unknown as { __switchboardJobs?: TRunning };

export function registerRunningBoss(boss: PgBoss, workers: Map<string, string>): void {
  globalForJobs.__switchboardJobs = { boss, workers };
}

export function clearRunningBoss(boss: PgBoss): void {
  if (globalForJobs.__switchboardJobs?.boss === boss) globalForJobs.__switchboardJobs = undefined;
}

export class JobsNotRunningError extends Error {
  constructor() {
    super("Background jobs are not running in this process");
    this.name = "JobsNotRunningError";
  }
}

/**
 * Enqueues a job of `queue` on the running pg-boss (JobsNotRunningError when there is none): the
 * payload is checked against the queue's schema first (InvalidJobPayloadError, nothing sent) and
 * the job gets the definition's singletonKey. Answers the job id, or null when de-duplicated.
 */
export async function enqueueJob<S extends z.ZodType>(queue: TQueue<S>, payload: z.input<S>, options: TSendOptions = {}): Promise<string | null> {
  const running = globalForJobs.__switchboardJobs;
  if (!running) throw new JobsNotRunningError();
  const id = await sendJob(running.boss, queue, payload, options);
  const worker = running.workers.get(queue.name);
  if (worker) running.boss.notifyWorker(worker);
  return id;
}
