import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { postTargets, type TPostTargetStatus } from "@/db/schema";
import type { TLiveSource } from "@/lib/live/stream";

/** One target that moved (the page reloads its post). */
export interface TTargetChange {
  postId: string;
  targetId: string;
  status: TPostTargetStatus;
}

/**
 * How far back each check looks again: a write whose transaction began (and took its `now()`)
 * before the previous check but committed after it is still seen. Rows seen unchanged are skipped.
 */
const OVERLAP_SECONDS = 30;

/**
 * The organization's target changes for the Posts and Compose pages' live stream (another
 * organization's targets never appear: every read is filtered by the organization given). Workers
 * write from their own process, so changes are found by reading the rows updated since the last check.
 */
export function postTargetChanges(db: DbOrTx, organizationId: string): TLiveSource<TTargetChange> {
  const read = async (seen: Map<string, string>) => {
    const rows = await db
      .select({ id: postTargets.id, postId: postTargets.postId, status: postTargets.status, at: sql<string>`${postTargets.updatedAt}::text` })
      .from(postTargets)
      .where(and(eq(postTargets.organizationId, organizationId), gt(postTargets.updatedAt, sql`now() - ${sql.raw(`interval '${OVERLAP_SECONDS} seconds'`)}`)));
    const changes: TTargetChange[] = [];
    const current = new Map<string, string>();
    for (const r of rows) {
      const version = `${r.status}@${r.at}`;
      current.set(r.id, version);
      if (seen.get(r.id) !== version) changes.push({ postId: r.postId, targetId: r.id, status: r.status });
    }
    return { changes, current };
  };
  return {
    async start() {
      let seen = (await read(new Map())).current;
      return async () => {
        const { changes, current } = await read(seen);
        seen = current;
        return changes;
      };
    },
    merge: (changes) => {
      const latest = new Map(changes.map((c) => [c.targetId, c]));
      return { changes: [...latest.values()] };
    },
  };
}
