import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, type TPost, type TPostTarget } from "@/db/schema";
import { raiseNotification } from "@/lib/notifications";
import { platformName } from "@/lib/providers/catalog";

/** Where a failed target is seen, with its reason and its Retry. */
export function failedPostLink(postId: string): string {
  return `/posts?status=failed#post-${postId}`;
}

/**
 * Tells the post's author (or, when they left the workspace, its admins) that a target failed —
 * once per target, in the bell and by email as their settings say.
 */
export async function notifyTargetFailed(db: DbOrTx, post: TPost, target: TPostTarget, reason: string): Promise<void> {
  const author = post.createdBy
    ? await db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.userId, post.createdBy), eq(memberships.organizationId, target.organizationId)))
    : [];
  await raiseNotification(db, {
    kind: "post_failed",
    organizationId: target.organizationId,
    userId: author[0]?.userId ?? null,
    subject: `Not published to ${target.accountName} (${platformName(target.platform)})`,
    body: reason,
    link: failedPostLink(post.id),
    actionLabel: "Open the post",
    dedupeKey: `post-target:${target.id}:failed`,
  });
}
