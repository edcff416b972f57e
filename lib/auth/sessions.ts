import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { authSessions, users } from "@/db/schema";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
// A freshly created session must be claimed by next-auth within this window.
const CLAIM_WINDOW_SECONDS = 120;

/** Starts a server-side session for a user who just proved who they are. */
export async function createAuthSession(db: DbOrTx, userId: string): Promise<string> {
  const [row] = await db
    .insert(authSessions)
    .values({ userId, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) })
    .returning({ id: authSessions.id });
  if (!row) throw new Error("session insert returned nothing");
  return row.id;
}

/** Claims a fresh session exactly once; returns its user id, or null. */
export async function claimAuthSession(db: DbOrTx, sessionId: string): Promise<string | null> {
  const [row] = await db
    .update(authSessions)
    .set({ claimedAt: sql`now()` })
    .where(
      and(
        eq(authSessions.id, sessionId),
        isNull(authSessions.claimedAt),
        gt(authSessions.createdAt, sql`now() - make_interval(secs => ${CLAIM_WINDOW_SECONDS})`),
      ),
    )
    .returning({ userId: authSessions.userId });
  return row?.userId ?? null;
}

/** The user of a live session, or null when it was ended or expired. */
export async function findSessionUser(db: DbOrTx, sessionId: string) {
  const [row] = await db
    .select({ user: users })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(and(eq(authSessions.id, sessionId), gt(authSessions.expiresAt, sql`now()`)))
    .limit(1);
  return row?.user ?? null;
}

/** Ends a session (sign-out). */
export async function deleteAuthSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(authSessions).where(eq(authSessions.id, sessionId));
}
