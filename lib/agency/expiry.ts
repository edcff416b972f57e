import "server-only";
import { and, eq, gt, isNull, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accessRequests, clientConnections } from "@/db/schema";
import { raiseNotification } from "@/lib/notifications";
import { markExpiredClientConnections } from "./connections";
import { EXPIRY_WARNING_DAYS } from "./requests";
import { defineQueue, ZScheduledPayload } from "@/lib/jobs/queue";

/**
 * Daily: client connections (agency access) with ≤ 10 days left warn the agency once per
 * connection and expiry; lapsed ones are marked expired and no longer used.
 */
export const clientAccessExpiryQueue = defineQueue({ name: "client-access-expiry", schema: ZScheduledPayload, cron: "37 5 * * *" });

const DAY_MS = 86_400_000;

/** The agency's view of one client, where "Copy re-authorization link" is. */
export const clientPath = (accessRequestId: string) => `/clients/${accessRequestId}`;

export interface TClientExpiryResult {
  warned: number;
  expired: number;
}

/**
 * The daily `client-access-expiry` job: a client connection whose token has ≤ 10 days left warns
 * the agency's admins (in-app, and by email where their settings say so) once per connection and
 * expiry — the dedupe key names both, so later runs add nothing and a re-authorization (new
 * expiry) warns again in its own time; a lapsed one is marked expired (no longer used) and said once.
 */
export async function runClientAccessExpiryCheck(db: DbOrTx, now: Date = new Date()): Promise<TClientExpiryResult> {
  const result: TClientExpiryResult = { warned: 0, expired: 0 };
  for (const row of await markExpiredClientConnections(db, now)) {
    const name = await clientName(db, row.accessRequestId);
    const { created } = await raiseNotification(db, {
      kind: "client_access_expired",
      organizationId: row.organizationId,
      subject: `${name}'s Meta access has lapsed`,
      body: `Their ad accounts, Pages and Instagram accounts are no longer used. Send ${name} the re-authorization link to restore access.`,
      link: clientPath(row.accessRequestId),
      actionLabel: "Open client",
      dedupeKey: `client_connection:${row.id}:${row.tokenExpiresAt?.toISOString() ?? "none"}:expired`,
    });
    if (created) result.expired++;
  }
  const soon = await db
    .select({ connection: clientConnections, clientName: accessRequests.clientName })
    .from(clientConnections)
    .innerJoin(accessRequests, eq(accessRequests.id, clientConnections.accessRequestId))
    .where(
      and(
        isNull(clientConnections.expiredAt),
        isNull(accessRequests.revokedAt),
        gt(clientConnections.tokenExpiresAt, now),
        lte(clientConnections.tokenExpiresAt, new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS)),
      ),
    );
  for (const { connection, clientName: name } of soon) {
    const days = Math.ceil((connection.tokenExpiresAt!.getTime() - now.getTime()) / DAY_MS);
    const { created } = await raiseNotification(db, {
      kind: "client_access_expiring",
      organizationId: connection.organizationId,
      subject: `${name}'s Meta access expires in ${days} day${days === 1 ? "" : "s"}`,
      body: `Send ${name} the re-authorization link: they open it, sign in to Facebook and access continues for another 60 days.`,
      link: clientPath(connection.accessRequestId),
      actionLabel: "Copy re-authorization link",
      dedupeKey: `client_connection:${connection.id}:${connection.tokenExpiresAt!.toISOString()}:expiring`,
    });
    if (created) result.warned++;
  }
  return result;
}

async function clientName(db: DbOrTx, accessRequestId: string): Promise<string> {
  const [r] = await db.select({ name: accessRequests.clientName }).from(accessRequests).where(eq(accessRequests.id, accessRequestId));
  return r?.name ?? "A client";
}
