import "server-only";
import type PgBoss from "pg-boss";

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

/** Enqueues a job on the running pg-boss (JobsNotRunningError when there is none). */
export async function enqueueJob(name: string, data: object, options: PgBoss.SendOptions = {}): Promise<string | null> {
  const running = globalForJobs.__switchboardJobs;
  if (!running) throw new JobsNotRunningError();
  const id = await running.boss.send(name, data, options);
  const worker = running.workers.get(name);
  if (worker) running.boss.notifyWorker(worker);
  return id;
}
