import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { posts, postTargets, socialConnections, type TPost, type TPostTarget, type TSocialConnection } from "@/db/schema";
import { markConnection } from "@/lib/connections/mark";
import { getFreshAccessToken, NeedsReconnectError } from "@/lib/connections/refresh";
import { isUsable } from "@/lib/connections/status";
import { readAccessToken } from "@/lib/connections/store";
import { env } from "@/lib/env";
import { abortableSleep, HttpError, observeRateLimits, type RateLimitInfo } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { loadAssets, prepareImage } from "@/lib/media/images";
import { mediaStorage, type MediaStorage } from "@/lib/media/storage";
import { getProvider, targetOf } from "@/lib/providers";
import { platformName } from "@/lib/providers/catalog";
import { ProviderError, type Provider, type PublishConnection, type PublishHooks, type PublishRequest, type PublishResult } from "@/lib/providers/types";
import { postLimitOf, postQuota, postsNeeded, recordPostRequest } from "./ledger";
import { notifyTargetFailed } from "./notify";
import { activePauses, pausesFrom, recordPauses, throttleScopes, type TPause, type TThrottleScopes } from "./throttle";
import { enqueueTarget, type JobSender, type TPublishJob } from "./queue";

const log = childLogger({ module: "publishing" });

export interface TPublishWorkerOptions {
  /** First retry delay after a transient failure; doubles per attempt up to `maxRetryDelayMs`. */
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  /** Attempts before a transient failure becomes `failed`. */
  maxAttempts?: number;
  /** Wait used when the platform gives no reset time on a 429. */
  defaultRateLimitWaitMs?: number;
  storage?: MediaStorage;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_WORKER_OPTIONS = {
  retryBaseMs: 30_000,
  maxRetryDelayMs: 30 * 60_000,
  maxAttempts: 5,
  defaultRateLimitWaitMs: 15 * 60_000,
} as const;

export type TPublishOutcome =
  | "published"
  | "failed"
  | "retrying"
  | "unknown"
  | "requeued"
  | "cancelled"
  | "not_found"
  | "skipped";

/** Statuses a job may claim: the compare-and-swap below moves exactly one run to `publishing`. */
const CLAIMABLE = ["scheduled", "queued", "retrying"] as const;

/** `(target id, organization id) in (…)`: a job only ever touches a target of the organization it names (A1). */
function jobsMatch(jobs: readonly TPublishJob[]) {
  const pairs = sql.join(
    jobs.map((j) => sql`(${j.targetId}::uuid, ${j.organizationId}::uuid)`),
    sql`, `,
  );
  return sql`(${postTargets.id}, ${postTargets.organizationId}) in (${pairs})`;
}

/**
 * The atomic claim (SECURITY J4) of a whole fetched batch in one statement: only one run ever
 * moves a target to `publishing` — a due one (a scheduled target edited to a later time is not),
 * of a post not cancelled. Answers the claimed target ids.
 */
export async function claimTargets(db: DbOrTx, jobs: readonly TPublishJob[]): Promise<Set<string>> {
  if (jobs.length === 0) return new Set();
  const rows = await db
    .update(postTargets)
    .set({ status: "publishing", attempts: sql`${postTargets.attempts} + 1`, claimedAt: sql`now()`, updatedAt: sql`now()` })
    .from(posts)
    .where(
      and(
        jobsMatch(jobs),
        eq(posts.id, postTargets.postId),
        isNull(posts.cancelledAt),
        inArray(postTargets.status, [...CLAIMABLE]),
        sql`(${postTargets.status} <> 'scheduled' or ${postTargets.nextAttemptAt} is null or ${postTargets.nextAttemptAt} <= now() + interval '1 second')`,
      ),
    )
    .returning({ id: postTargets.id });
  return new Set(rows.map((r) => r.id));
}

interface TLoaded {
  target: TPostTarget;
  post: TPost;
  /** Null once the connection was removed (the target keeps its history). */
  connection: TSocialConnection | null;
}

/** Each job's target, post and connection (of the same organization), in one query for the batch. */
async function loadTargets(db: DbOrTx, jobs: readonly TPublishJob[]): Promise<Map<string, TLoaded>> {
  const rows = await db
    .select({ target: postTargets, post: posts, connection: socialConnections })
    .from(postTargets)
    .innerJoin(posts, eq(posts.id, postTargets.postId))
    .leftJoin(socialConnections, and(eq(socialConnections.id, postTargets.connectionId), eq(socialConnections.organizationId, postTargets.organizationId)))
    .where(jobsMatch(jobs));
  return new Map(rows.map((r) => [r.target.id, r]));
}

async function setTarget(db: DbOrTx, id: string, from: TPostTarget["status"][], values: Partial<typeof postTargets.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(postTargets)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(postTargets.id, id), inArray(postTargets.status, from)))
    .returning({ id: postTargets.id });
  return rows.length > 0;
}

/**
 * Group commit: each call joins the write in progress's successor, and one statement writes every
 * row that arrived meanwhile. A caller still waits for its own row's write, so once the call returns
 * its row is on disk (or the call throws with the write's error).
 */
function groupWriter<Row>(write: (rows: readonly Row[]) => Promise<void>): (row: Row) => Promise<void> {
  let pending: { row: Row; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await write(batch.map((p) => p.row));
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    writing = false;
  };
  return (row) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ row, resolve, reject });
      if (!writing) void drain();
    });
}

interface TTargetWriters {
  /** Records a target published: `UPDATE … FROM (VALUES …)` for every result that arrived meanwhile. */
  published: (row: { id: string; result: PublishResult }) => Promise<void>;
  /** Merges remote ids into a target's progress (J4), likewise grouped. */
  progress: (row: { id: string; update: Record<string, string> }) => Promise<void>;
}

/**
 * The hot path's writes, grouped (`groupWriter`) across every batch this process runs on the
 * database: a few statements per wave of results instead of one or two per target. A run waits for
 * its own write, so the never-post-twice order is unchanged: an id is saved before the run goes on,
 * and a crash before `published` is written leaves the target `publishing` (J4).
 */
const writersByDb = new WeakMap<DbOrTx, TTargetWriters>();
function targetWriters(db: DbOrTx): TTargetWriters {
  let writers = writersByDb.get(db);
  if (writers) return writers;
  writers = {
    published: groupWriter(async (rows) => {
      const values = sql.join(
        rows.map((r) => sql`(${r.id}::uuid, ${r.result.remoteId}::text, ${r.result.url}::text, ${!!r.result.withoutImage}::boolean)`),
        sql`, `,
      );
      await db.execute(sql`
        update ${postTargets} t set status = 'published', remote_id = v.remote_id, remote_url = v.remote_url, without_image = v.without_image,
          published_at = now(), error = null, error_kind = null, next_attempt_at = null, updated_at = now()
        from (values ${values}) as v(id, remote_id, remote_url, without_image)
        where t.id = v.id and t.status in ('publishing', 'unknown')`);
    }),
    progress: groupWriter(async (rows) => {
      // One row per target (an UPDATE … FROM applies only one match per row): updates merged in order.
      const merged = new Map<string, Record<string, string>>();
      for (const r of rows) merged.set(r.id, { ...merged.get(r.id), ...r.update });
      const values = sql.join(
        [...merged].map(([id, update]) => sql`(${id}::uuid, ${JSON.stringify(update)}::jsonb)`),
        sql`, `,
      );
      await db.execute(sql`
        update ${postTargets} t set progress = t.progress || v.update, updated_at = now()
        from (values ${values}) as v(id, update)
        where t.id = v.id`);
    }),
  };
  writersByDb.set(db, writers);
  return writers;
}

export function toPublishConnection(row: TSocialConnection): PublishConnection {
  return {
    id: row.id,
    platform: row.platform,
    providerAccountId: row.providerAccountId,
    postTargetType: row.postTargetType,
    appType: row.appType,
    selectedPageId: row.selectedPageId,
    displayName: row.displayName,
    handle: row.handle,
    details: row.details ?? {},
  };
}

function credentialsOf(provider: Provider, row: TSocialConnection) {
  if (provider.kind !== "oauth2") return null;
  return provider.oauth.credentials(env(), targetOf(provider, row.appType));
}

/** The limits a call with this connection counts toward: its own, and its app's. */
function scopesOf(connection: TSocialConnection): TThrottleScopes {
  const provider = getProvider(connection.platform);
  return throttleScopes(connection.id, provider ? credentialsOf(provider, connection)?.clientId : undefined);
}

interface TContext {
  db: DbOrTx;
  boss: JobSender;
  job: TPublishJob;
  post: TPost;
  /** Scopes a platform asked to leave alone for now (Meta usage near 100 %), for the whole batch. */
  pauses: Map<string, TPause>;
  /** The grouped writes (published, progress). */
  writers: TTargetWriters;
  opts: Required<Omit<TPublishWorkerOptions, "storage" | "sleep">> & { storage: MediaStorage; sleep: (ms: number) => Promise<void> };
}

/** Everything a platform step needs, with a fresh token. */
async function buildRequest(ctx: TContext, target: TPostTarget, post: TPost, connection: TSocialConnection, provider: Provider): Promise<PublishRequest & { tokenVersion: number }> {
  let accessToken: string;
  let tokenVersion = connection.tokenVersion;
  if (provider.kind === "oauth2") {
    const fresh = await getFreshAccessToken(ctx.db, connection.id, { organizationId: target.organizationId, loaded: connection });
    accessToken = fresh.accessToken;
    tokenVersion = fresh.connection.tokenVersion;
  } else {
    accessToken = readAccessToken(connection);
  }
  const spec = provider.catalog.limits.image;
  const assets = target.dropImages ? [] : await loadAssets(ctx.db, target.organizationId, post.mediaIds);
  const images = await Promise.all(assets.map((a) => prepareImage(ctx.opts.storage, a, spec)));
  const progress: Record<string, string> = { ...target.progress };
  return {
    connection: toPublishConnection(connection),
    accessToken,
    tokenVersion,
    credentials: credentialsOf(provider, connection),
    text: target.text ?? post.text,
    images,
    allowTextFallback: post.allowTextFallback,
    progress,
    async saveProgress(update) {
      Object.assign(progress, update);
      await ctx.writers.progress({ id: target.id, update });
    },
    sleep: ctx.opts.sleep,
  };
}

/** The platform refused the token while publishing: needs reconnect, and its workspace is told once. */
async function markNeedsReconnect(db: DbOrTx, connection: TSocialConnection): Promise<void> {
  await markConnection(db, connection, "needs_reconnect");
}

async function published(ctx: TContext, target: TPostTarget, result: PublishResult): Promise<TPublishOutcome> {
  await ctx.writers.published({ id: target.id, result });
  log.info({ targetId: target.id, platform: target.platform, withoutImage: !!result.withoutImage }, "target published");
  return "published";
}

async function failed(ctx: TContext, target: TPostTarget, kind: string, message: string): Promise<TPublishOutcome> {
  const moved = await setTarget(ctx.db, target.id, ["publishing", "unknown", ...CLAIMABLE], { status: "failed", errorKind: kind, error: message, nextAttemptAt: null });
  log.warn({ targetId: target.id, platform: target.platform, kind }, "target failed");
  if (moved) await notifyTargetFailed(ctx.db, ctx.post, target, message);
  return "failed";
}

async function retryAt(ctx: TContext, target: TPostTarget, at: Date, kind: string, message: string): Promise<TPublishOutcome> {
  await setTarget(ctx.db, target.id, ["publishing"], { status: "retrying", nextAttemptAt: at, errorKind: kind, error: message });
  await enqueueTarget(ctx.boss, ctx.job, at);
  log.info({ targetId: target.id, platform: target.platform, kind, at }, "target retrying");
  return "retrying";
}

function wordsFor(err: ProviderError, name: string): string {
  switch (err.kind) {
    case "permission":
      return `${name} refused the post: ${err.message}. Check the account's permissions, then press Retry.`;
    case "invalid_input":
      return `${name} refused the post: ${err.message}. Edit the post, then press Retry.`;
    default:
      return `${name} answered with an error: ${err.message}. Press Retry to try again.`;
  }
}

const UNKNOWN_WORDS = "We can't tell whether this was posted: the last attempt stopped before the platform's answer was saved.";

/**
 * After a run died between claim and record: the platform's cheap check if it has one (found →
 * published; checked and absent → sent again), else `unknown` for the person to decide. The row
 * stays `publishing` during the check, so a crash here leads to the same check again.
 */
async function reconcile(ctx: TContext, { target, post, connection }: TLoaded): Promise<TPublishOutcome> {
  const unknown = async () => {
    await setTarget(ctx.db, target.id, ["publishing"], { status: "unknown", errorKind: "unknown", error: UNKNOWN_WORDS });
    return "unknown" as const;
  };
  const provider = getProvider(target.platform);
  const hooks = provider?.publishing;
  if (!connection || !provider || !hooks?.findRecent) return unknown();
  try {
    const req = await buildRequest(ctx, target, post, connection, provider);
    const found = await hooks.findRecent(req);
    if (found) return published(ctx, target, found);
    // Checked with the platform: not posted. Safe to send it again.
    await setTarget(ctx.db, target.id, ["publishing"], { status: "queued", error: null, errorKind: null });
    await enqueueTarget(ctx.boss, ctx.job);
    return "requeued";
  } catch (err) {
    log.warn({ targetId: target.id, err: err instanceof Error ? err.message : String(err) }, "reconcile check failed; target is unknown");
    return unknown();
  }
}

async function publishWithHooks(ctx: TContext, hooks: PublishHooks, req: PublishRequest & { tokenVersion: number }, target: TPostTarget, canRefresh: boolean): Promise<PublishResult> {
  try {
    return await hooks.publish(req);
  } catch (err) {
    if (!(err instanceof ProviderError) || err.kind !== "auth" || !canRefresh) throw err;
    // One refresh (the shared helper: one per connection at a time, J1), then one more try.
    const fresh = await getFreshAccessToken(ctx.db, req.connection.id, { organizationId: target.organizationId, force: { seenVersion: req.tokenVersion } });
    return hooks.publish({ ...req, accessToken: fresh.accessToken });
  }
}

/**
 * The publish jobs pg-boss fetched together: one claim and one load for the whole batch, then
 * each target's own run (claim → check limits → send → record); every failure ends in a state a
 * person can act on. Settles per job, so one job's crash fails only that job. (A malformed payload
 * never gets here: the queue's worker checks each against `publishQueue`'s schema and fails it alone.)
 */
export async function runPublishJobs(db: DbOrTx, boss: JobSender, jobs: readonly TPublishJob[], options: TPublishWorkerOptions = {}): Promise<PromiseSettledResult<TPublishOutcome>[]> {
  const opts = { ...DEFAULT_WORKER_OPTIONS, ...options, storage: options.storage ?? mediaStorage(), sleep: options.sleep ?? ((ms: number) => abortableSleep(ms)) };
  const claimed = await claimTargets(db, jobs);
  const loaded = jobs.length > 0 ? await loadTargets(db, jobs) : new Map<string, TLoaded>();
  const scopes = new Map<string, TThrottleScopes>();
  for (const { target, connection } of loaded.values()) {
    if (claimed.has(target.id) && connection) scopes.set(connection.id, scopesOf(connection));
  }
  const pauses = await activePauses(db, [...scopes.values()].flatMap((s) => (s.app ? [s.account, s.app] : [s.account])));
  const writers = targetWriters(db);
  return Promise.allSettled(
    jobs.map(async (job) => {
      const row = loaded.get(job.targetId);
      if (!row) return "not_found" as const;
      const ctx: TContext = { db, boss, job, post: row.post, pauses, writers, opts };
      return claimed.has(job.targetId) ? runClaimed(ctx, row) : notClaimed(ctx, row);
    }),
  );
}

/** Why a due job could not claim its target, and what follows. */
async function notClaimed(ctx: TContext, { target, post, connection }: TLoaded): Promise<TPublishOutcome> {
  const claimable = (CLAIMABLE as readonly string[]).includes(target.status);
  if (claimable && post.cancelledAt) {
    await setTarget(ctx.db, target.id, [...CLAIMABLE], { status: "cancelled" });
    return "cancelled";
  }
  if (target.status === "scheduled" && target.nextAttemptAt) {
    // Edited to a later time after this job was queued: wait for the new time.
    await enqueueTarget(ctx.boss, ctx.job, target.nextAttemptAt);
    return "skipped";
  }
  // Still `publishing`: the run that claimed it died before recording (J4). Never re-send blindly.
  if (target.status === "publishing") return reconcile(ctx, { target, post, connection });
  return "skipped";
}

async function runClaimed(ctx: TContext, { target, post, connection }: TLoaded): Promise<TPublishOutcome> {
  const { db } = ctx;
  const name = platformName(target.platform);
  if (!connection) return failed(ctx, target, "disconnected", `The ${name} account was disconnected. Connect it again, then press Retry.`);
  const provider = getProvider(connection.platform);
  const hooks = provider?.publishing;
  if (!provider || !hooks) return failed(ctx, target, "unsupported", `Publishing to ${name} is not supported.`);
  if (!isUsable(connection.status)) return failed(ctx, target, "auth", `Reconnect ${name}: ${connection.displayName} needs to be connected again.`);

  // The platform's usage headers said this Page / account / app is close to its limit: wait for the reset, don't call.
  const scopes = scopesOf(connection);
  const pause = [ctx.pauses.get(scopes.account), scopes.app ? ctx.pauses.get(scopes.app) : undefined]
    .filter((p): p is TPause => !!p)
    .sort((a, b) => b.until.getTime() - a.until.getTime())[0];
  if (pause) {
    return retryAt(ctx, target, pause.until, "rate_limit", `${name} is close to its request limit (${pause.usagePercent} % used); it goes out when the limit resets.`);
  }

  // The connection's rolling 24-hour cap, checked and counted under its row lock.
  // Each post of a thread counts; parts an earlier attempt sent were counted then.
  const needed = postsNeeded(connection.platform, target.text ?? post.text, Object.keys(target.progress).filter((k) => /^tweet\d+$/.test(k)).length);
  const quota = postLimitOf(connection) === undefined ? null : await db.transaction(async (tx) => {
    await tx.select({ id: socialConnections.id }).from(socialConnections).where(eq(socialConnections.id, connection.id)).for("update");
    const q = await postQuota(tx, connection, new Date(), needed);
    if (q && (q.nextSlotAt || needed > q.limit)) return q;
    if (q) await recordPostRequest(tx, connection.id, target.id, needed);
    return null;
  });
  if (quota && needed > quota.limit) {
    return failed(ctx, target, "invalid_input", `This thread has ${needed} posts, more than the ${quota.limit} ${name} allows in 24 hours. Shorten it, then press Retry.`);
  }
  if (quota?.nextSlotAt) {
    return retryAt(ctx, target, quota.nextSlotAt, "limit", `${name} allows ${quota.limit} posts per 24 hours on this account; it goes out when the next slot opens.`);
  }

  let req: PublishRequest & { tokenVersion: number };
  try {
    req = await buildRequest(ctx, target, post, connection, provider);
  } catch (err) {
    if (err instanceof NeedsReconnectError) return failed(ctx, target, "auth", `Reconnect ${name}: ${connection.displayName} no longer accepts Switchboard's access.`);
    if (err instanceof ProviderError || err instanceof HttpError) {
      // Nothing was sent yet: a failed refresh (5xx, network) is worth another try.
      return transient(ctx, target, name, err.message);
    }
    throw err;
  }

  // Every answer's usage headers (Meta): near the limit, the next jobs of this Page / app wait.
  const readings: RateLimitInfo[] = [];
  let result: PublishResult;
  try {
    result = await observeRateLimits(
      (r) => void readings.push(r),
      () => publishWithHooks(ctx, hooks, req, target, provider.kind === "oauth2"),
    );
  } catch (err) {
    if (err instanceof NeedsReconnectError) return failed(ctx, target, "auth", `Reconnect ${name}: ${connection.displayName} no longer accepts Switchboard's access.`);
    if (err instanceof ProviderError && !err.noAnswer) {
      if (err.kind === "auth") {
        await markNeedsReconnect(db, connection);
        return failed(ctx, target, "auth", `Reconnect ${name}: ${connection.displayName} no longer accepts Switchboard's access.`);
      }
      if (err.kind === "rate_limit") {
        const waitMs = err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : ctx.opts.defaultRateLimitWaitMs;
        return retryAt(ctx, target, new Date(Date.now() + waitMs), "rate_limit", `${name} asked us to slow down; it goes out when ${name}'s limit resets.`);
      }
      if (err.kind === "transient") return transient(ctx, target, name, err.message);
      return failed(ctx, target, err.kind, wordsFor(err, name));
    }
    // A timeout or a dropped connection after sending: the platform may have posted it (J4).
    log.warn({ targetId: target.id, err: err instanceof Error ? err.message : String(err) }, "publish ended without an answer");
    return reconcile(ctx, { target, post, connection });
  } finally {
    // Saved before the target reads as published, so the next post through this Page or app (and
    // anyone reading the target) already sees the pause.
    await recordPauses(db, pausesFrom(readings, scopes));
  }
  return published(ctx, target, result);
}

async function transient(ctx: TContext, target: TPostTarget, name: string, message: string): Promise<TPublishOutcome> {
  if (target.attempts >= ctx.opts.maxAttempts) {
    return failed(ctx, target, "transient", `${name} kept failing (${message}). Press Retry to try again.`);
  }
  const delay = Math.min(ctx.opts.maxRetryDelayMs, ctx.opts.retryBaseMs * 2 ** Math.max(0, target.attempts - 1));
  return retryAt(ctx, target, new Date(Date.now() + delay), "transient", `${name} is not answering right now (${message}); trying again.`);
}
