import "server-only";
import type PgBoss from "pg-boss";
import { z } from "zod";

/** One job per post target; the payload carries the organization so the job re-checks it (A1). */
export const PUBLISH_QUEUE = "publish-target";
export const ZPublishJob = z.object({ targetId: z.uuid(), organizationId: z.uuid() });
export type TPublishJob = z.infer<typeof ZPublishJob>;

/**
 * `stately`: at most one queued and one running job per target (singletonKey = target id, J6).
 * The expiry is far above a publish's worst case (uploads + container polling), so a slow run is
 * never started twice (J5); a job whose worker died is retried once it expires and then finds the
 * target still `publishing` — which makes it `unknown`, never a blind re-send (J4).
 */
export const PUBLISH_QUEUE_OPTIONS = {
  policy: "stately",
  expireInSeconds: 20 * 60,
  retryLimit: 3,
  retryDelay: 30,
  retentionDays: 7,
} as const satisfies Omit<PgBoss.Queue, "name">;

export type JobSender = Pick<PgBoss, "send">;

/** Enqueues a target's job (optionally not before `startAfter`). */
export async function enqueueTarget(boss: JobSender, job: TPublishJob, startAfter?: Date | null): Promise<void> {
  await boss.send(PUBLISH_QUEUE, ZPublishJob.parse(job), {
    singletonKey: job.targetId,
    ...(startAfter && startAfter.getTime() > Date.now() ? { startAfter } : {}),
  });
}
