import "server-only";
import type PgBoss from "pg-boss";
import { z } from "zod";
import type { Database } from "@/db/client";
import type { BossOptions } from "./boss";

/**
 * One definition per queue: its name, the zod schema of its payload (checked when a job is sent
 * and again when a worker takes it), pg-boss's queue policy and retry/expiry options, the
 * `singletonKey` a job gets from its payload, a cron schedule, and how a worker fetches it.
 * Features define their queues beside the code that sends them; `lib/jobs/index.ts` registers
 * each with its handler (`workQueue`); `lib/jobs/jobs.integration.test.ts` fails for one defined and not registered.
 */

/** pg-boss's queue options besides the policy (retries, backoff, expiry, retention, dead letter). */
export type TQueueOptions = Omit<PgBoss.Queue, "name" | "policy">;

/**
 * pg-boss 10 reads `singletonKey` only under these policies: `short` (at most one queued job per
 * key), `singleton` (at most one running per key), `stately` (at most one per key in each of
 * queued, retry and running). Under `standard` the key de-duplicates nothing, so a definition
 * cannot give one there.
 */
export type TKeyedPolicy = "short" | "singleton" | "stately";

export interface TWorkerTuning {
  /** Jobs fetched per poll; they run concurrently. Default 1. */
  batchSize?: number;
  /** How often an idle worker looks for jobs (default 2 s; enqueueJob in this process wakes it at once). */
  pollingIntervalSeconds?: number;
  /** Concurrent fetch loops per process (each takes up to `batchSize` jobs). Default 1. */
  loops?: number;
}

interface TQueueBase<S extends z.ZodType> {
  name: string;
  schema: S;
  options?: TQueueOptions;
  /** A cron schedule: the scheduler sends a job with no payload (use ZScheduledPayload). */
  cron?: string;
  worker?: TWorkerTuning;
}

export type TQueueInput<S extends z.ZodType> = TQueueBase<S> &
  ({ policy?: "standard"; singletonKey?: never } | { policy: TKeyedPolicy; singletonKey?: (payload: z.output<S>) => string });

const QUEUE_BRAND: unique symbol = Symbol.for("switchboard.queue");

export interface TQueue<S extends z.ZodType = z.ZodType> {
  readonly [QUEUE_BRAND]: true;
  readonly name: string;
  readonly schema: S;
  readonly policy: PgBoss.QueuePolicy;
  readonly options: TQueueOptions;
  readonly singletonKey?: (payload: z.output<S>) => string;
  readonly cron?: string;
  readonly worker: TWorkerTuning;
}

/** The payload a queue's jobs carry (after its schema). */
export type TPayloadOf<Q> = Q extends TQueue<infer S> ? z.output<S> : never;

/** What scheduled (cron) jobs carry: nothing (pg-boss sends null; tests and hooks send `{}`). */
export const ZScheduledPayload = z.object({}).strict().nullish();

const NAME = /^[a-z][a-z0-9-]*$/;

/** Defines a queue (see the top of this file). Throws on a name pg-boss or our logs would mangle. */
export function defineQueue<S extends z.ZodType>(input: TQueueInput<S>): TQueue<S> {
  if (!NAME.test(input.name)) throw new Error(`Queue name "${input.name}" must be lower-case words joined by dashes`);
  const policy = input.policy ?? "standard";
  if (input.singletonKey && policy === "standard") throw new Error(`Queue ${input.name}: a singletonKey does nothing under the standard policy`);
  return {
    [QUEUE_BRAND]: true,
    name: input.name,
    schema: input.schema,
    policy,
    options: input.options ?? {},
    ...(input.singletonKey ? { singletonKey: input.singletonKey } : {}),
    ...(input.cron ? { cron: input.cron } : {}),
    worker: input.worker ?? {},
  };
}

export function isQueue(value: unknown): value is TQueue {
  return typeof value === "object" && value !== null && (value as Partial<TQueue>)[QUEUE_BRAND] === true;
}

/** A payload its queue's schema refuses: nothing is sent. */
export class InvalidJobPayloadError extends Error {
  constructor(
    readonly queue: string,
    readonly issues: z.ZodError["issues"],
  ) {
    super(`Job payload for queue ${queue} is invalid: ${issues.map((i) => `${i.path.map(String).join(".") || "(payload)"}: ${i.message}`).join("; ")}`);
    this.name = "InvalidJobPayloadError";
  }
}

export function parsePayload<S extends z.ZodType>(queue: TQueue<S>, payload: unknown): z.output<S> {
  const parsed = queue.schema.safeParse(payload);
  if (!parsed.success) throw new InvalidJobPayloadError(queue.name, parsed.error.issues);
  return parsed.data;
}

/** Anything that can send a job: a running pg-boss (or a stand-in in tests that records sends). */
export type JobSender = Pick<PgBoss, "send">;

/** Per-send options the definition does not fix (e.g. `startAfter`). */
export type TSendOptions = Pick<PgBoss.SendOptions, "startAfter">;

/**
 * Sends one job through `sender` after checking its payload against the queue's schema
 * (InvalidJobPayloadError, nothing sent) and giving it the definition's singletonKey. Answers the
 * job id, or null when pg-boss de-duplicated it (a job with that key is already there).
 */
export async function sendJob<S extends z.ZodType>(sender: JobSender, queue: TQueue<S>, payload: z.input<S>, options: TSendOptions = {}): Promise<string | null> {
  const data = parsePayload(queue, payload);
  const singletonKey = queue.singletonKey?.(data);
  return sender.send(queue.name, (data ?? {}) as object, { ...options, ...(singletonKey !== undefined ? { singletonKey } : {}) });
}

/** What a handler gets besides its payload: pg-boss (to enqueue follow-ups) and the start options. */
export interface JobContext {
  boss: PgBoss;
  options: BossOptions;
}

/** A queue bound to its handler: what `startWorkers` runs. */
export interface TWorker {
  readonly queue: TQueue;
  /** Runs valid payloads (in the order given); settles per payload. */
  readonly run: (database: Database, payloads: unknown[], ctx: JobContext) => Promise<PromiseSettledResult<unknown>[]>;
}

/** Binds a queue to the handler of one job (jobs of a fetched batch run concurrently). */
export function workQueue<S extends z.ZodType>(queue: TQueue<S>, handler: (database: Database, payload: z.output<S>, ctx: JobContext) => Promise<unknown>): TWorker {
  return {
    queue: queue as unknown as TQueue,
    run: (database, payloads, ctx) => Promise.allSettled(payloads.map((p) => handler(database, p as z.output<S>, ctx))),
  };
}

/** Binds a queue to a handler of the whole fetched batch at once (e.g. one claim query for all); settles per job, in order. */
export function workQueueBatch<S extends z.ZodType>(
  queue: TQueue<S>,
  handler: (database: Database, payloads: z.output<S>[], ctx: JobContext) => Promise<PromiseSettledResult<unknown>[]>,
): TWorker {
  return { queue: queue as unknown as TQueue, run: (database, payloads, ctx) => handler(database, payloads as z.output<S>[], ctx) };
}
