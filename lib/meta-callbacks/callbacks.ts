import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { clientConnections, dataDeletionRequests, organizationMetaSettings, socialConnections, userIdentities, type TSocialConnection } from "@/db/schema";
import { markConnection } from "@/lib/connections/mark";
import { env, type TEnv } from "@/lib/env";
import { INSTAGRAM_IDENTITY } from "@/lib/instagram-sign-in/identity";
import { INSTAGRAM_LOGIN_PLATFORM } from "@/lib/connections/instagram-login-connection";
import { childLogger } from "@/lib/log";
import { raiseNotification } from "@/lib/notifications";
import { deletePendingChoicesOf } from "@/lib/pending-choices";
import { verifySignedRequest, type TVerifyResult } from "./signed-request";

const log = childLogger({ module: "meta-callbacks" });

/**
 * Meta's two callbacks exist once per Meta app: Facebook Login's (`/api/meta/…`, the
 * FACEBOOK_APP_SECRET; its user_id is the app-scoped Facebook user id) and Instagram Login's
 * (`/api/instagram/…`, the INSTAGRAM_APP_SECRET; its user_id is the Instagram account id).
 */
export type TMetaApp = "facebook" | "instagram_login";

export function appSecretOf(app: TMetaApp, e: TEnv = env()): string | undefined {
  return app === "facebook" ? e.FACEBOOK_APP_SECRET : e.INSTAGRAM_APP_SECRET;
}

/** Verifies the form's signed_request with this app's secret (refused when the app is not configured). */
export function verifyFor(app: TMetaApp, signedRequest: string | null | undefined): TVerifyResult {
  const secret = appSecretOf(app);
  if (!secret || !signedRequest) return { ok: false, reason: "malformed" };
  return verifySignedRequest(signedRequest, secret);
}

/** The platforms whose connections (and picker lists) hold tokens of a Facebook Login grant. */
const FACEBOOK_LOGIN_PLATFORMS = ["facebook", "instagram"];

/** The connections whose tokens this Meta user gave us. */
function connectionsOf(app: TMetaApp, metaUserId: string) {
  return app === "facebook"
    ? and(inArray(socialConnections.platform, FACEBOOK_LOGIN_PLATFORMS), sql`${socialConnections.details}->>'facebookUserId' = ${metaUserId}`)
    : and(eq(socialConnections.platform, INSTAGRAM_LOGIN_PLATFORM), eq(socialConnections.providerAccountId, metaUserId));
}

export interface TDeauthorizeResult {
  revoked: number;
  messengerLinks: number;
  /** Agencies' client connections (access links) this user authorized, no longer used. */
  agencyConnections: number;
}

/**
 * The person removed our app at Meta: every connection their login gave us is marked `revoked`
 * (its workspace told once), and for Facebook Login the organizations' Messenger links they made
 * are marked needs-reconnect (told once), and the access they gave agencies through access links
 * ends (their client connections are marked expired, as a lapsed token's are). Idempotent: a
 * repeat changes and notifies nothing.
 */
export async function deauthorize(db: DbOrTx, app: TMetaApp, metaUserId: string): Promise<TDeauthorizeResult> {
  const rows: TSocialConnection[] = await db.select().from(socialConnections).where(connectionsOf(app, metaUserId));
  let revoked = 0;
  for (const row of rows) if (await markConnection(db, row, "revoked")) revoked++;
  let messengerLinks = 0;
  if (app === "facebook") {
    const links = await db
      .update(organizationMetaSettings)
      .set({ tokenStatus: "needs_reconnect", updatedAt: sql`now()` })
      .where(and(eq(organizationMetaSettings.facebookUserId, metaUserId), eq(organizationMetaSettings.tokenStatus, "active")))
      .returning();
    for (const link of links) {
      await raiseNotification(db, {
        kind: "connection_revoked",
        organizationId: link.organizationId,
        subject: `${link.facebookPageName} (Messenger) was disconnected at Facebook`,
        body: "Switchboard was removed from the Facebook account that linked this Page, so its messages no longer arrive. Reconnect the Page to continue.",
        link: "/settings/tab/integrations",
        actionLabel: "Reconnect",
        dedupeKey: `meta-settings:${link.id}:revoked`,
      });
    }
    messengerLinks = links.length;
  }
  let agencyConnections = 0;
  if (app === "facebook") {
    agencyConnections = (
      await db
        .update(clientConnections)
        .set({ expiredAt: sql`now()`, updatedAt: sql`now()` })
        .where(and(eq(clientConnections.metaUserId, metaUserId), isNull(clientConnections.expiredAt)))
        .returning({ id: clientConnections.id })
    ).length;
  }
  log.info({ app, revoked, messengerLinks, agencyConnections }, "meta deauthorize handled");
  return { revoked, messengerLinks, agencyConnections };
}

export interface TDataDeletionResult {
  confirmationCode: string;
  url: string;
}

function subjectHash(app: TMetaApp, metaUserId: string): string {
  return createHash("sha256").update(`${app}:${metaUserId}`).digest("hex");
}

/**
 * The person asked Meta to delete their data: their tokens and what we keep about them go —
 * the connections their login made (with their encrypted tokens), lists waiting for their pick
 * (Pages, accounts, an agency's assets), the Messenger links they made, the access they gave
 * agencies (client connections, with their tokens), and for Instagram Login the sign-in identity. Answers the
 * confirmation code and the public status page. Idempotent: the same person again runs the
 * deletion again and answers the same code.
 */
export async function deleteMetaUserData(db: DbOrTx, app: TMetaApp, metaUserId: string): Promise<TDataDeletionResult> {
  const deleted = await db.transaction(async (tx) => {
    const connections = await tx.delete(socialConnections).where(connectionsOf(app, metaUserId)).returning({ id: socialConnections.id });
    let messengerLinks = 0;
    let pendingPages = 0;
    let identities = 0;
    let agencyConnections = 0;
    if (app === "facebook") {
      messengerLinks = (await tx.delete(organizationMetaSettings).where(eq(organizationMetaSettings.facebookUserId, metaUserId)).returning({ id: organizationMetaSettings.id })).length;
      pendingPages = await deletePendingChoicesOf(tx, { platforms: FACEBOOK_LOGIN_PLATFORMS, providerUserId: metaUserId });
      agencyConnections = (await tx.delete(clientConnections).where(eq(clientConnections.metaUserId, metaUserId)).returning({ id: clientConnections.id })).length;
    } else {
      identities = (
        await tx
          .delete(userIdentities)
          .where(and(eq(userIdentities.provider, INSTAGRAM_IDENTITY), eq(userIdentities.providerUserId, metaUserId)))
          .returning({ id: userIdentities.id })
      ).length;
    }
    return { connections: connections.length, messengerLinks, pendingPages, identities, agencyConnections };
  });
  const hash = subjectHash(app, metaUserId);
  const code = randomBytes(8).toString("hex").toUpperCase();
  const [row] = await db
    .insert(dataDeletionRequests)
    .values({ confirmationCode: code, app, subjectHash: hash, status: "completed", deleted, completedAt: sql`now()` })
    .onConflictDoUpdate({
      target: [dataDeletionRequests.app, dataDeletionRequests.subjectHash],
      // A repeat keeps the first code; the counts add up what every run removed.
      set: {
        deleted: sql`jsonb_build_object(
          'connections', coalesce((${dataDeletionRequests.deleted}->>'connections')::int, 0) + ${deleted.connections},
          'messengerLinks', coalesce((${dataDeletionRequests.deleted}->>'messengerLinks')::int, 0) + ${deleted.messengerLinks},
          'pendingPages', coalesce((${dataDeletionRequests.deleted}->>'pendingPages')::int, 0) + ${deleted.pendingPages},
          'identities', coalesce((${dataDeletionRequests.deleted}->>'identities')::int, 0) + ${deleted.identities},
          'agencyConnections', coalesce((${dataDeletionRequests.deleted}->>'agencyConnections')::int, 0) + ${deleted.agencyConnections})`,
        completedAt: sql`now()`,
      },
    })
    .returning({ code: dataDeletionRequests.confirmationCode });
  log.info({ app, ...deleted }, "meta data deletion handled");
  return { confirmationCode: row!.code, url: `${env().APP_URL.replace(/\/+$/, "")}/data-deletion/${row!.code}` };
}

export interface TDeletionStatus {
  code: string;
  app: TMetaApp;
  status: string;
  requestedAt: Date;
  completedAt: Date | null;
  deleted: Record<string, number>;
}

/** The public status of one request by its code: counts only, nothing that names a person or workspace. */
export async function deletionStatus(db: DbOrTx, code: string): Promise<TDeletionStatus | null> {
  if (!/^[0-9A-F]{16}$/.test(code)) return null;
  const [row] = await db.select().from(dataDeletionRequests).where(eq(dataDeletionRequests.confirmationCode, code));
  if (!row) return null;
  return { code: row.confirmationCode, app: row.app as TMetaApp, status: row.status, requestedAt: row.createdAt, completedAt: row.completedAt, deleted: row.deleted };
}

const WHAT: Array<[string, string, string]> = [
  ["connections", "connected account (with its access token)", "connected accounts (with their access tokens)"],
  ["messengerLinks", "Messenger link", "Messenger links"],
  ["pendingPages", "account waiting to be picked", "accounts waiting to be picked"],
  ["identities", "Instagram sign-in", "Instagram sign-ins"],
  ["agencyConnections", "access granted to an agency (with its access token)", "accesses granted to agencies (with their access tokens)"],
];

/** The status page's sentence: what was deleted, in counts. */
export function deletionSummary(deleted: Record<string, number>): string {
  const removed = WHAT.map(([key, one, many]) => [deleted[key] ?? 0, one, many] as const).filter(([n]) => n > 0);
  return removed.length === 0
    ? "Switchboard held no data for this account; nothing needed to be deleted."
    : `Switchboard deleted ${removed.map(([n, one, many]) => `${n} ${n === 1 ? one : many}`).join(", ")}.`;
}
