import "server-only";
import { z } from "zod";
import { defineQueue, sendJob, ZScheduledPayload, type JobSender } from "@/lib/jobs/queue";

export type { JobSender } from "@/lib/jobs/queue";

/** One job per post target; the payload carries the organization so the job re-checks it (A1). */
export const ZPublishJob = z.object({ targetId: z.uuid(), organizationId: z.uuid() });
export type TPublishJob = z.infer<typeof ZPublishJob>;

/**
 * `stately`: at most one queued and one running job per target (singletonKey = target id, J6).
 * The expiry is far above a publish's worst case (uploads + container polling), so a slow run is
 * never started twice (J5); a job whose worker died is retried once it expires and then finds the
 * target still `publishing` — which makes it `unknown`, never a blind re-send (J4).
 */
export const publishQueue = defineQueue({
  name: "publish-target",
  schema: ZPublishJob,
  policy: "stately",
  singletonKey: (job) => job.targetId,
  options: { expireInSeconds: 20 * 60, retryLimit: 3, retryDelay: 30, retentionDays: 7 },
  // A publish mostly waits on the platform: many run at once (bench/publish.bench.ts).
  worker: { batchSize: 20, loops: 3, pollingIntervalSeconds: 0.5 },
});
export const PUBLISH_QUEUE = publishQueue.name;

/** Every minute: due targets whose job was lost between commit and enqueue get it back. */
export const publishSweepQueue = defineQueue({ name: "publish-sweep", schema: ZScheduledPayload, cron: "* * * * *" });

/** Enqueues a target's job (optionally not before `startAfter`). */
export async function enqueueTarget(boss: JobSender, job: TPublishJob, startAfter?: Date | null): Promise<void> {
  await sendJob(boss, publishQueue, job, startAfter && startAfter.getTime() > Date.now() ? { startAfter } : {});
}
