import "server-only";
import { and, isNotNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { authSessions, connectorOauthSessions, invitations, rateLimitBuckets } from "@/db/schema";
import { defineQueue, ZScheduledPayload } from "./queue";

/** Every 15 minutes: ended sessions, dead invitations, stale rate-limit windows (below). */
export const expirySweepQueue = defineQueue({ name: "expiry-sweep", schema: ZScheduledPayload, cron: "*/15 * * * *" });

export interface TSweepResult {
  sessions: number;
  invitations: number;
  rateLimitBuckets: number;
  connectorOauthSessions: number;
}

/**
 * The periodic expiry sweep: removes what can no longer be used — ended sessions, used or
 * expired invitations, stale rate-limit windows. Features with expiring data (tokens, pending
 * Page selections) add their step here.
 */
export async function runExpirySweep(db: DbOrTx): Promise<TSweepResult> {
  const sessions = await db
    .delete(authSessions)
    .where(
      or(
        lt(authSessions.expiresAt, sql`now()`),
        // Created for a sign-in that never completed.
        and(sql`${authSessions.claimedAt} is null`, lt(authSessions.createdAt, sql`now() - interval '1 hour'`)),
      ),
    )
    .returning({ id: authSessions.id });
  const invites = await db
    .delete(invitations)
    .where(or(lt(invitations.expiresAt, sql`now()`), isNotNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  const buckets = await db
    .delete(rateLimitBuckets)
    .where(lt(rateLimitBuckets.windowStart, sql`now() - interval '1 day'`))
    .returning({ key: rateLimitBuckets.key });
  // Server-side OAuth for connectors: 10 minutes, then the consent link and secret id are dead.
  const oauthSessions = await db
    .delete(connectorOauthSessions)
    .where(lt(connectorOauthSessions.expiresAt, sql`now()`))
    .returning({ id: connectorOauthSessions.id });
  return { sessions: sessions.length, invitations: invites.length, rateLimitBuckets: buckets.length, connectorOauthSessions: oauthSessions.length };
}
