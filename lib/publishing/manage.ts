import "server-only";
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { connectionAvatars, posts, postTargets, socialConnections, type TPost, type TPostTarget, type TPostTargetStatus } from "@/db/schema";
import { connectionAvatarUrl } from "@/lib/connections/avatar-url";
import { fail } from "@/lib/action-errors";
import { loadAssets } from "@/lib/media/images";
import type { MediaStorage } from "@/lib/media/storage";
import { getProvider } from "@/lib/providers";
import { platformName } from "@/lib/providers/catalog";
import { toPublishConnection } from "./worker";
import { enqueueTarget, PUBLISH_QUEUE, type JobSender } from "./queue";

/** A target as the browser sees it (no tokens, no progress internals). */
export interface TTargetDto {
  id: string;
  platform: string;
  platformName: string;
  accountName: string;
  avatarUrl: string | null;
  connectionId: string | null;
  status: TPostTargetStatus;
  text: string | null;
  remoteUrl: string | null;
  withoutImage: boolean;
  error: string | null;
  errorKind: string | null;
  nextAttemptAt: string | null;
  publishedAt: string | null;
  /** For `unknown`: where to look ("We can't tell whether this was posted"). */
  profileUrl: string | null;
}

export interface TPostDto {
  id: string;
  text: string;
  images: { id: string; url: string; width: number; height: number }[];
  scheduledAt: string | null;
  timeZone: string | null;
  cancelled: boolean;
  createdAt: string;
  /** Scheduled and no target has started: it can still be edited or cancelled. */
  editable: boolean;
  targets: TTargetDto[];
}

export const FINAL_STATUSES: readonly TPostTargetStatus[] = ["published", "failed", "unknown", "cancelled"];

function targetDto(t: TPostTarget, row: Parameters<typeof toPublishConnection>[0] | undefined, avatarEtag: string | null): TTargetDto {
  const hooks = getProvider(t.platform)?.publishing;
  return {
    id: t.id,
    platform: t.platform,
    platformName: platformName(t.platform),
    accountName: t.accountName,
    // The stored copy (never the provider's own picture URL).
    avatarUrl: row ? connectionAvatarUrl({ id: row.id, avatarEtag }) : null,
    connectionId: t.connectionId,
    status: t.status,
    text: t.text,
    remoteUrl: t.remoteUrl,
    withoutImage: t.withoutImage,
    error: t.error,
    errorKind: t.errorKind,
    nextAttemptAt: t.nextAttemptAt?.toISOString() ?? null,
    publishedAt: t.publishedAt?.toISOString() ?? null,
    profileUrl: row && hooks?.profileUrl ? hooks.profileUrl(toPublishConnection(row)) : null,
  };
}

function isEditable(post: TPost, targets: TPostTarget[]): boolean {
  return !post.cancelledAt && !!post.scheduledAt && targets.every((t) => t.status === "scheduled");
}

export const ZPostFilters = z.object({
  status: z.enum(["all", "scheduled", "published", "failed", "unknown", "in_progress", "cancelled"]).default("all"),
  platform: z.string().max(32).default("all"),
  from: z.iso.date().optional().or(z.literal("").transform(() => undefined)),
  to: z.iso.date().optional().or(z.literal("").transform(() => undefined)),
});
export type TPostFilters = z.infer<typeof ZPostFilters>;

const STATUS_GROUPS: Record<Exclude<TPostFilters["status"], "all">, TPostTargetStatus[]> = {
  scheduled: ["scheduled"],
  published: ["published"],
  failed: ["failed"],
  unknown: ["unknown"],
  in_progress: ["queued", "publishing", "retrying"],
  cancelled: ["cancelled"],
};

/** The organization's posts, newest first, with their targets; filters match any target. */
export async function listPosts(db: DbOrTx, storage: MediaStorage, organizationId: string, filters: TPostFilters = ZPostFilters.parse({}), limit = 50): Promise<TPostDto[]> {
  const where: SQL[] = [eq(posts.organizationId, organizationId)];
  if (filters.from) where.push(gte(posts.createdAt, new Date(`${filters.from}T00:00:00Z`)));
  if (filters.to) where.push(lt(posts.createdAt, new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000)));
  const targetWhere: SQL[] = [];
  if (filters.status !== "all") targetWhere.push(inArray(postTargets.status, STATUS_GROUPS[filters.status]));
  if (filters.platform !== "all") targetWhere.push(eq(postTargets.platform, filters.platform));
  if (targetWhere.length > 0) {
    where.push(sql`exists (select 1 from ${postTargets} where ${postTargets.postId} = ${posts.id} and ${and(...targetWhere)})`);
  }
  const rows = await db.select().from(posts).where(and(...where)).orderBy(desc(posts.createdAt)).limit(limit);
  return postsWithTargets(db, storage, organizationId, rows);
}

async function postsWithTargets(db: DbOrTx, storage: MediaStorage, organizationId: string, rows: TPost[]): Promise<TPostDto[]> {
  if (rows.length === 0) return [];
  const targets = await db
    .select({ t: postTargets, c: socialConnections, avatarEtag: connectionAvatars.etag })
    .from(postTargets)
    .leftJoin(socialConnections, eq(socialConnections.id, postTargets.connectionId))
    .leftJoin(connectionAvatars, eq(connectionAvatars.connectionId, postTargets.connectionId))
    .where(inArray(postTargets.postId, rows.map((r) => r.id)))
    .orderBy(postTargets.platform, postTargets.accountName);
  const out: TPostDto[] = [];
  for (const p of rows) {
    const mine = targets.filter((x) => x.t.postId === p.id);
    const assets = await loadAssets(db, organizationId, p.mediaIds);
    out.push({
      id: p.id,
      text: p.text,
      images: assets.map((a) => ({ id: a.id, url: storage.signedUrl(a.storageKey), width: a.width, height: a.height })),
      scheduledAt: p.scheduledAt?.toISOString() ?? null,
      timeZone: p.timeZone,
      cancelled: !!p.cancelledAt,
      createdAt: p.createdAt.toISOString(),
      editable: isEditable(p, mine.map((x) => x.t)),
      targets: mine.map((x) => targetDto(x.t, x.c ?? undefined, x.avatarEtag)),
    });
  }
  return out;
}

/** One post of the organization (A1: another's id is not found). */
export async function getPost(db: DbOrTx, storage: MediaStorage, organizationId: string, postId: string): Promise<TPostDto | null> {
  const rows = await db.select().from(posts).where(and(eq(posts.id, postId), eq(posts.organizationId, organizationId)));
  const [dto] = await postsWithTargets(db, storage, organizationId, rows);
  return dto ?? null;
}

async function ownTarget(db: DbOrTx, organizationId: string, targetId: string): Promise<TPostTarget> {
  const [t] = await db.select().from(postTargets).where(and(eq(postTargets.id, targetId), eq(postTargets.organizationId, organizationId)));
  if (!t) fail("not_found", "That post is no longer here.");
  return t;
}

/** Retry on a failed target: back to the queue, with a fresh attempt budget. */
export async function retryTarget(db: DbOrTx, boss: JobSender, organizationId: string, targetId: string): Promise<void> {
  await ownTarget(db, organizationId, targetId);
  const rows = await db
    .update(postTargets)
    .set({ status: "queued", attempts: 0, error: null, errorKind: null, nextAttemptAt: null, updatedAt: sql`now()` })
    .where(and(eq(postTargets.id, targetId), eq(postTargets.status, "failed")))
    .returning({ id: postTargets.id });
  if (rows.length === 0) fail("conflict", "Only a failed post can be retried.");
  await enqueueTarget(boss, { targetId, organizationId });
}

/** "Mark as posted" on an unknown target: the person saw it live. */
export async function markTargetPosted(db: DbOrTx, organizationId: string, targetId: string): Promise<void> {
  await ownTarget(db, organizationId, targetId);
  const rows = await db
    .update(postTargets)
    .set({ status: "published", error: null, errorKind: null, publishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(postTargets.id, targetId), eq(postTargets.status, "unknown")))
    .returning({ id: postTargets.id });
  if (rows.length === 0) fail("conflict", "Only a post in doubt can be marked as posted.");
}

/** "Post again" on an unknown target: the person checked and it is not there. */
export async function postTargetAgain(db: DbOrTx, boss: JobSender, organizationId: string, targetId: string): Promise<void> {
  await ownTarget(db, organizationId, targetId);
  const rows = await db
    .update(postTargets)
    .set({ status: "queued", attempts: 0, error: null, errorKind: null, updatedAt: sql`now()` })
    .where(and(eq(postTargets.id, targetId), eq(postTargets.status, "unknown")))
    .returning({ id: postTargets.id });
  if (rows.length === 0) fail("conflict", "Only a post in doubt can be posted again.");
  await enqueueTarget(boss, { targetId, organizationId });
}

/** Cancels a scheduled post while none of its targets has started (the claim and this are both compare-and-swap). */
export async function cancelPost(db: DbOrTx, organizationId: string, postId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [p] = await tx.select().from(posts).where(and(eq(posts.id, postId), eq(posts.organizationId, organizationId))).for("update");
    if (!p) fail("not_found", "That post is no longer here.");
    const targets = await tx.select().from(postTargets).where(eq(postTargets.postId, postId));
    if (!isEditable(p, targets)) fail("conflict", "This post has started publishing, so it can no longer be cancelled.");
    const moved = await tx
      .update(postTargets)
      .set({ status: "cancelled", updatedAt: sql`now()` })
      .where(and(eq(postTargets.postId, postId), eq(postTargets.status, "scheduled")))
      .returning({ id: postTargets.id });
    if (moved.length !== targets.length) fail("conflict", "This post has started publishing, so it can no longer be cancelled.");
    await tx.update(posts).set({ cancelledAt: sql`now()`, updatedAt: sql`now()` }).where(eq(posts.id, postId));
  });
}

export const ZUpdateScheduledInput = z.object({
  postId: z.uuid(),
  text: z.string().max(70_000),
  scheduledAt: z.coerce.date("Pick a valid date and time."),
});

/** Edits a scheduled post's base text and time while none of its targets has started. */
export async function updateScheduledPost(db: DbOrTx, boss: JobSender, organizationId: string, input: z.infer<typeof ZUpdateScheduledInput>, now = new Date()): Promise<void> {
  if (input.scheduledAt.getTime() <= now.getTime()) fail("invalid_input", "Pick a time in the future.");
  const targets = await db.transaction(async (tx) => {
    const [p] = await tx.select().from(posts).where(and(eq(posts.id, input.postId), eq(posts.organizationId, organizationId))).for("update");
    if (!p) fail("not_found", "That post is no longer here.");
    const targets = await tx.select().from(postTargets).where(eq(postTargets.postId, p.id));
    if (!isEditable(p, targets)) fail("conflict", "This post has started publishing, so it can no longer be edited.");
    await tx.update(posts).set({ text: input.text, scheduledAt: input.scheduledAt, updatedAt: sql`now()` }).where(eq(posts.id, p.id));
    await tx.update(postTargets).set({ nextAttemptAt: input.scheduledAt, updatedAt: sql`now()` }).where(eq(postTargets.postId, p.id));
    return targets;
  });
  // The waiting jobs (stately: one per target) are cancelled and sent again at the new time. A job
  // that still fires at the old time finds the target not yet due and waits (lib/publishing/worker).
  await db.execute(
    sql`update pgboss.job set state = 'cancelled', completed_on = now() where name = ${PUBLISH_QUEUE} and state = 'created' and singleton_key in ${sql.raw(`(${targets.map((t) => `'${t.id}'`).join(",")})`)}`,
  );
  for (const t of targets) await enqueueTarget(boss, { targetId: t.id, organizationId }, input.scheduledAt);
}
