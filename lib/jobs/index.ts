import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/db/client";
import { childLogger } from "@/lib/log";
import { createBoss, type BossOptions } from "./boss";
import { clearRunningBoss, registerRunningBoss } from "./enqueue";
import { expirySweepQueue, runExpirySweep } from "./expiry-sweep";
import { defineQueue, workQueue, workQueueBatch, ZScheduledPayload, type JobContext, type TQueue, type TWorker } from "./queue";
import { pruneOAuthFlows } from "@/lib/oauth/engine";
import { prunePendingSelections } from "@/lib/connections/pending";
import { instagramLoginTokenRefreshQueue, runInstagramTokenRefresh } from "@/lib/connections/instagram-login-refresh";
import { connectionTokenRefreshQueue, runConnectionTokenRefresh } from "@/lib/connections/refresh-job";
import { metaMessagingReconcileQueue, runMetaWebhookReconcile } from "@/lib/meta-messaging/reconcile";
import { sweepDueTargets } from "@/lib/publishing/create";
import { publishQueue, publishSweepQueue } from "@/lib/publishing/queue";
import { runPublishJobs } from "@/lib/publishing/worker";
import { beatHeartbeat } from "./heartbeat";
import { inboxDrainQueue, inboxWebhookSweepQueue, runDrainJob, runWebhookSweep } from "@/lib/inbox/jobs";
import { inboxAttachmentQueue, runAttachmentJob } from "@/lib/inbox/attachments";
import { inboxProfileQueue, runProfileJob } from "@/lib/inbox/profile";
import { inboxBackfillQueue, runBackfillJob } from "@/lib/inbox/backfill";
import { connectionExpiryCheckQueue, runConnectionExpiryCheck } from "@/lib/connections/lifecycle";
import { clientAccessExpiryQueue, runClientAccessExpiryCheck } from "@/lib/agency/expiry";
import { emailOutboxSweepQueue, emailQueue, sendOutboxEmail, sweepEmailOutbox } from "@/lib/notifications";

export type { JobContext } from "./queue";

const log = childLogger({ module: "jobs" });

/** Expired OAuth flow records (10 min) and pending account selections (10 min). */
export const oauthSweepQueue = defineQueue({ name: "oauth-sweep", schema: ZScheduledPayload, cron: "*/15 * * * *" });

/**
 * Every queue with its handler: what `startWorkers` runs and `ensureQueues` creates. A queue is
 * defined (`defineQueue`) beside the feature code that sends it; add it here too, or
 * `lib/jobs/queues.integration.test.ts` fails.
 */
export const WORKERS: readonly TWorker[] = [
  workQueue(expirySweepQueue, async (database) => runExpirySweep(database.db)),
  workQueue(oauthSweepQueue, async (database) => ({
    flows: await pruneOAuthFlows(database.db),
    pendingSelections: await prunePendingSelections(database.db),
  })),
  workQueue(instagramLoginTokenRefreshQueue, async (database) => runInstagramTokenRefresh(database.db)),
  workQueue(connectionTokenRefreshQueue, async (database) => runConnectionTokenRefresh(database.db)),
  workQueue(metaMessagingReconcileQueue, async (database) => runMetaWebhookReconcile(database.db)),
  // One job per post target (lib/publishing): claim, send, record.
  workQueueBatch(publishQueue, async (database, jobs, ctx) => runPublishJobs(database.db, ctx.boss, jobs, ctx.options.publish)),
  workQueue(publishSweepQueue, async (database, _payload, ctx) => ({ enqueued: await sweepDueTargets(database.db, ctx.boss) })),
  workQueue(inboxDrainQueue, runDrainJob),
  workQueue(inboxProfileQueue, runProfileJob),
  workQueue(inboxAttachmentQueue, runAttachmentJob),
  workQueue(inboxBackfillQueue, runBackfillJob),
  workQueue(inboxWebhookSweepQueue, runWebhookSweep),
  workQueue(connectionExpiryCheckQueue, async (database) => runConnectionExpiryCheck(database.db)),
  workQueue(clientAccessExpiryQueue, async (database) => runClientAccessExpiryCheck(database.db)),
  workQueue(emailQueue, async (database, job) => sendOutboxEmail(database.db, job.id)),
  workQueue(emailOutboxSweepQueue, async (database) => sweepEmailOutbox(database.db)),
];

/** Every registered queue's definition, by name. */
export const QUEUES: ReadonlyMap<string, TQueue> = new Map(WORKERS.map((w) => [w.queue.name, w.queue]));

/** The queues a cron schedule sends (they take no payload): what the E2E run-job hook may run now. */
export const SCHEDULED_QUEUES: readonly TQueue[] = WORKERS.map((w) => w.queue).filter((q) => q.cron);

/** pg-boss's options for a queue, from its definition. */
const queueOptions = (queue: TQueue): PgBoss.Queue => ({ name: queue.name, policy: queue.policy, ...queue.options });

/**
 * Creates the queues and schedules. Safe to call from every instance: pg-boss de-duplicates. An
 * existing queue gets its definition's policy and options again (pg-boss's createQueue leaves an
 * existing queue as it was, so a changed policy would otherwise never reach a running database).
 */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const { queue } of WORKERS) {
    await boss.createQueue(queue.name, queueOptions(queue));
    await boss.updateQueue(queue.name, queueOptions(queue));
    if (queue.cron) await boss.schedule(queue.name, queue.cron);
  }
}

/**
 * A job whose payload its queue's schema refuses (sent around `enqueueJob`, or by an older
 * version): failed at once and for good — it would be as malformed on every retry — with the
 * schema's complaint in the log and in the job's output. The rest of its batch runs.
 */
async function failMalformed(boss: PgBoss, queue: TQueue, job: PgBoss.Job<unknown>, error: { issues: unknown[] }): Promise<void> {
  const message = `malformed payload for queue ${queue.name}`;
  log.error({ queue: queue.name, jobId: job.id, issues: error.issues }, message);
  await boss.getDb().executeSql("update pgboss.job set retry_limit = retry_count where name = $1 and id = $2", [queue.name, job.id]);
  await boss.fail(queue.name, job.id, { message, issues: error.issues });
}

/** Starts pg-boss with every worker; returns the running instance. */
export async function startWorkers(database: Database, options: BossOptions = {}): Promise<PgBoss> {
  const boss = createBoss(database, options);
  boss.on("error", (err) => log.error({ err }, "pg-boss error"));
  await boss.start();
  await ensureQueues(boss);
  const ctx: JobContext = { boss, options };
  const workers = new Map<string, string>();
  for (const { queue, run } of WORKERS) {
    const name = queue.name;
    // The start option, when given, is every queue's (tests: shorter to go faster, or far longer to
    // show that only a wake-up or a full batch fetches); otherwise the queue's own, or 2 s.
    const pollingIntervalSeconds = options.pollingIntervalSeconds ?? queue.worker.pollingIntervalSeconds ?? 2;
    for (let loop = 0; loop < (queue.worker.loops ?? 1); loop++) {
      const batchSize = queue.worker.batchSize ?? 1;
      let id = "";
      id = await boss.work<unknown>(name, { pollingIntervalSeconds, batchSize }, async (jobs) => {
        // A full batch: more are likely waiting, so this loop fetches again at once. (pg-boss waits
        // the polling interval after every batch, which capped the publish drain at 3 loops × 20
        // jobs / 0.5 s = 120 jobs/s per worker; bench/publish.bench.ts.)
        if (id && jobs.length >= batchSize) boss.notifyWorker(id);
        // Each payload is checked against the queue's schema; a malformed one fails alone.
        const parsed = jobs.map((job) => ({ job, payload: queue.schema.safeParse(job.data) }));
        const valid = parsed.flatMap((p) => (p.payload.success ? [{ job: p.job, data: p.payload.data }] : []));
        const results = valid.length > 0 ? await run(database, valid.map((v) => v.data), ctx) : [];
        // Only the jobs that threw fail (and are retried); the rest of the batch completes.
        await Promise.all([
          ...parsed.flatMap((p) => (p.payload.success ? [] : [failMalformed(boss, queue, p.job, p.payload.error)])),
          ...results.map(async (r, i) => {
            const job = valid[i]!.job;
            if (r.status === "fulfilled") return log.info({ queue: name, jobId: job.id, result: r.value }, "job done");
            log.error({ queue: name, jobId: job.id, err: r.reason }, "job failed");
            await boss.fail(name, job.id, { message: r.reason instanceof Error ? r.reason.message : String(r.reason) });
          }),
        ]);
      });
      if (loop === 0) workers.set(name, id);
    }
  }
  const stopHeartbeat = beatHeartbeat(database.db, options.heartbeatMs);
  boss.on("stopped", stopHeartbeat);
  registerRunningBoss(boss, workers);
  boss.on("stopped", () => clearRunningBoss(boss));
  log.info({ queues: [...QUEUES.keys()] }, "workers started");
  return boss;
}

/** Starts pg-boss for sending only (no workers): for app instances with RUN_WORKERS=false. */
export async function startSender(database: Database): Promise<PgBoss> {
  const boss = createBoss(database, { schedule: false });
  boss.on("error", (err) => log.error({ err }, "pg-boss error"));
  await boss.start();
  await ensureQueues(boss);
  registerRunningBoss(boss, new Map());
  boss.on("stopped", () => clearRunningBoss(boss));
  return boss;
}
