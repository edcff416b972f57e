import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/db/client";
import { childLogger } from "@/lib/log";
import { createBoss, type BossOptions } from "./boss";
import { clearRunningBoss, registerRunningBoss } from "./enqueue";
import { runExpirySweep } from "./expiry-sweep";
import { pruneOAuthFlows } from "@/lib/oauth/engine";
import { prunePendingSelections } from "@/lib/connections/pending";
import { runInstagramTokenRefresh } from "@/lib/connections/instagram-login-refresh";
import { runConnectionTokenRefresh } from "@/lib/connections/refresh-job";
import { runMetaWebhookReconcile } from "@/lib/meta-messaging/reconcile";
import { sweepDueTargets } from "@/lib/publishing/create";
import { PUBLISH_QUEUE, PUBLISH_QUEUE_OPTIONS } from "@/lib/publishing/queue";
import { runPublishJobs } from "@/lib/publishing/worker";
import { beatHeartbeat } from "./heartbeat";
import { INBOX_DRAIN_QUEUE, INBOX_DRAIN_QUEUE_OPTIONS, runDrainJob, runWebhookSweep } from "@/lib/inbox/jobs";
import { INBOX_ATTACHMENT_QUEUE, INBOX_ATTACHMENT_QUEUE_OPTIONS, runAttachmentJob } from "@/lib/inbox/attachments";
import { INBOX_PROFILE_QUEUE, INBOX_PROFILE_QUEUE_OPTIONS, runProfileJob } from "@/lib/inbox/profile";
import { runBackfillJob } from "@/lib/inbox/backfill";
import { runConnectionExpiryCheck } from "@/lib/connections/lifecycle";
import { runClientAccessExpiryCheck } from "@/lib/agency/expiry";
import { EMAIL_QUEUE, EMAIL_QUEUE_OPTIONS, sendOutboxEmail, sweepEmailOutbox, ZEmailJob } from "@/lib/notifications";

const log = childLogger({ module: "jobs" });

/** What a handler gets besides its payload: pg-boss (to enqueue follow-ups) and the start options. */
export interface JobContext {
  boss: PgBoss;
  options: BossOptions;
}

type QueueDef = {
  cron?: string;
  /** pg-boss queue options (policy, expiry, retries). */
  queue?: Omit<PgBoss.Queue, "name">;
  /** Jobs fetched per poll; they run concurrently. */
  batchSize?: number;
  /** How often an idle worker looks for jobs (default 2 s; enqueueJob in this process wakes it at once). */
  pollingIntervalSeconds?: number;
  /** Concurrent fetch loops per process (each takes up to `batchSize` jobs). Default 1. */
  loops?: number;
} & (
  | { handler: (database: Database, data: unknown, ctx: JobContext) => Promise<unknown>; batchHandler?: never }
  /** The whole fetched batch at once (e.g. one claim query for all); settles per job, in order. */
  | { batchHandler: (database: Database, data: unknown[], ctx: JobContext) => Promise<PromiseSettledResult<unknown>[]>; handler?: never }
);

/** Every queue, its cron schedule (if any) and its handler. Features add their queues here. */
export const QUEUES = {
  "expiry-sweep": {
    cron: "*/15 * * * *",
    handler: async (database: Database) => runExpirySweep(database.db),
  },
  // Expired OAuth flow records (10 min) and pending account selections (10 min).
  "oauth-sweep": {
    cron: "*/15 * * * *",
    handler: async (database: Database) => ({
      flows: await pruneOAuthFlows(database.db),
      pendingSelections: await prunePendingSelections(database.db),
    }),
  },
  // Daily: Instagram Login tokens ≥ 24 h old and within 30 days of expiry get 60 more days.
  "instagram-login-token-refresh": {
    cron: "17 4 * * *",
    handler: async (database: Database) => runInstagramTokenRefresh(database.db),
  },
  // Daily: other long-lived tokens (Threads, LinkedIn with a refresh token) within their
  // provider's refresh buffer are renewed, so idle connections do not expire. Not X (2 h tokens).
  "connection-token-refresh": {
    cron: "47 4 * * *",
    handler: async (database: Database) => runConnectionTokenRefresh(database.db),
  },
  // Hourly (SECURITY W4): each organization's Page keeps our webhook subscription — GET
  // subscribed_apps, resubscribe where our app is missing, needs-reconnect on #190/#10/#200.
  // While a Page is unsubscribed Meta drops its messages (nothing is queued for us), so the
  // interval bounds what can be lost; one Page-token GET per Page per hour (24 a day) is far
  // below Meta's Page rate limits. "Check now" on the card runs the same check at once.
  "meta-messaging-reconcile": {
    cron: "23 * * * *",
    handler: async (database: Database) => runMetaWebhookReconcile(database.db),
  },
  // One job per post target (lib/publishing): claim, send, record.
  [PUBLISH_QUEUE]: {
    queue: PUBLISH_QUEUE_OPTIONS,
    // A publish mostly waits on the platform: many run at once (bench/publish.bench.ts).
    batchSize: 20,
    loops: 3,
    pollingIntervalSeconds: 0.5,
    batchHandler: async (database: Database, data: unknown[], ctx: JobContext) => runPublishJobs(database.db, ctx.boss, data, ctx.options.publish),
  },
  // Every minute: due targets whose job was lost between commit and enqueue get it back.
  "publish-sweep": {
    cron: "* * * * *",
    handler: async (database: Database, _data: unknown, ctx: JobContext) => ({ enqueued: await sweepDueTargets(database.db, ctx.boss) }),
  },
  // Inbox (issue 13): the signed Meta webhook deliveries the route stored raw, applied in batches
  // by one drain at a time (the route asks for it without waiting). Retried with backoff for
  // ~1 h; past that the sweep below starts another, so none is lost.
  [INBOX_DRAIN_QUEUE]: {
    handler: runDrainJob,
    queue: INBOX_DRAIN_QUEUE_OPTIONS,
    pollingIntervalSeconds: 0.5,
  },
  // The name and picture of a person who wrote for the first time; transient failures retried.
  [INBOX_PROFILE_QUEUE]: {
    handler: runProfileJob,
    queue: INBOX_PROFILE_QUEUE_OPTIONS,
    batchSize: 4,
    pollingIntervalSeconds: 0.5,
  },
  // A new message's attachments, downloaded from Meta (its URLs expire) into media storage.
  [INBOX_ATTACHMENT_QUEUE]: {
    handler: runAttachmentJob,
    queue: INBOX_ATTACHMENT_QUEUE_OPTIONS,
    batchSize: 4,
    pollingIntervalSeconds: 0.5,
  },
  // Recent conversations through the Conversations API, on link / reconnect / after a gap.
  "inbox-backfill": {
    handler: runBackfillJob,
    queue: { retryLimit: 2, retryDelay: 30, expireInSeconds: 900 },
    pollingIntervalSeconds: 0.5,
  },
  "inbox-webhook-sweep": {
    cron: "* * * * *",
    handler: runWebhookSweep,
  },
  // Hourly: tokens no one can renew are marked expiring at ≤ 10 days and expired after; each
  // notifies its workspace once (lib/connections/lifecycle.ts).
  "connection-expiry-check": {
    cron: "7 * * * *",
    handler: async (database: Database) => runConnectionExpiryCheck(database.db),
  },
  // Daily: client connections (agency access) with ≤ 10 days left warn the agency once per
  // connection and expiry; lapsed ones are marked expired and no longer used (lib/agency/expiry.ts).
  "client-access-expiry": {
    cron: "37 5 * * *",
    handler: async (database: Database) => runClientAccessExpiryCheck(database.db),
  },
  // One email from the outbox (lib/notifications/email.ts), retried with backoff.
  [EMAIL_QUEUE]: {
    queue: EMAIL_QUEUE_OPTIONS,
    pollingIntervalSeconds: 1,
    handler: async (database: Database, data: unknown) => sendOutboxEmail(database.db, ZEmailJob.parse(data).id),
  },
  // Emails whose job was lost, or that used up their retries while the mail server was down, are queued again.
  "email-outbox-sweep": {
    cron: "*/5 * * * *",
    handler: async (database: Database) => sweepEmailOutbox(database.db),
  },
} satisfies Record<string, QueueDef>;

export type QueueName = keyof typeof QUEUES;

/** Creates the queues and schedules. Safe to call from every instance: pg-boss de-duplicates. */
export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const [name, queue] of Object.entries(QUEUES as Record<string, QueueDef>)) {
    await boss.createQueue(name, queue.queue ? { name, ...queue.queue } : undefined);
    if (queue.cron) await boss.schedule(name, queue.cron);
  }
}

/** Starts pg-boss with every worker; returns the running instance. */
export async function startWorkers(database: Database, options: BossOptions = {}): Promise<PgBoss> {
  const boss = createBoss(database, options);
  boss.on("error", (err) => log.error({ err }, "pg-boss error"));
  await boss.start();
  await ensureQueues(boss);
  const ctx: JobContext = { boss, options };
  const workers = new Map<string, string>();
  for (const [name, queue] of Object.entries(QUEUES as Record<string, QueueDef>)) {
    const pollingIntervalSeconds = Math.min(options.pollingIntervalSeconds ?? 2, queue.pollingIntervalSeconds ?? 2);
    for (let loop = 0; loop < (queue.loops ?? 1); loop++) {
      const id = await boss.work(name, { pollingIntervalSeconds, batchSize: queue.batchSize ?? 1 }, async (jobs) => {
        const results = queue.batchHandler
          ? await queue.batchHandler(database, jobs.map((job) => job.data), ctx)
          : await Promise.allSettled(jobs.map((job) => queue.handler(database, job.data, ctx)));
        // Only the jobs that threw fail (and are retried); the rest of the batch completes.
        await Promise.all(
          results.map(async (r, i) => {
            const job = jobs[i]!;
            if (r.status === "fulfilled") return log.info({ queue: name, jobId: job.id, result: r.value }, "job done");
            log.error({ queue: name, jobId: job.id, err: r.reason }, "job failed");
            await boss.fail(name, job.id, { message: r.reason instanceof Error ? r.reason.message : String(r.reason) });
          }),
        );
      });
      if (loop === 0) workers.set(name, id);
    }
  }
  const stopHeartbeat = beatHeartbeat(database.db, options.heartbeatMs);
  boss.on("stopped", stopHeartbeat);
  registerRunningBoss(boss, workers);
  boss.on("stopped", () => clearRunningBoss(boss));
  log.info({ queues: Object.keys(QUEUES) }, "workers started");
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
