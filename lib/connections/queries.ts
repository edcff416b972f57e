import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { connectionAvatars, socialConnections, type TSocialConnection } from "@/db/schema";
import { connectionAvatarUrl } from "./avatar-url";
import { connectionHealth, type TConnectionDto } from "./dto";

/**
 * The allowlisted DTO of one row (S4). `avatarEtag` is the version of the stored picture (null:
 * none); the provider's own picture URL never reaches the browser.
 */
export function toConnectionDto(row: TSocialConnection, now = Date.now(), avatarEtag: string | null = null): TConnectionDto {
  const d = row.details ?? {};
  return {
    id: row.id,
    platform: row.platform,
    appType: row.appType,
    postTargetType: row.postTargetType,
    displayName: row.displayName,
    handle: row.handle,
    avatarUrl: connectionAvatarUrl({ id: row.id, avatarEtag }),
    // A Facebook Page's page name is its display name: say it once.
    subtitle: d.subtitle ?? (d.pageName && d.pageName !== row.displayName ? d.pageName : null),
    health: connectionHealth({ status: row.status, tokenExpiresAt: row.tokenExpiresAt, hasRefreshToken: !!row.refreshToken }, now),
    connectedAt: row.connectedAt.toISOString(),
    inboxWebhook:
      d.inboxWebhook === "subscribed" || d.inboxWebhook === "not_subscribed"
        ? { status: d.inboxWebhook, checkedAt: d.inboxWebhookCheckedAt || null, error: d.inboxWebhookError || null }
        : null,
  };
}

/** Every connection of an organization, oldest first, as DTOs. */
export async function listConnections(db: DbOrTx, organizationId: string): Promise<TConnectionDto[]> {
  const rows = await db
    .select({ row: socialConnections, avatarEtag: connectionAvatars.etag })
    .from(socialConnections)
    .leftJoin(connectionAvatars, eq(connectionAvatars.connectionId, socialConnections.id))
    .where(eq(socialConnections.organizationId, organizationId))
    .orderBy(asc(socialConnections.connectedAt), asc(socialConnections.displayName));
  const now = Date.now();
  return rows.map((r) => toConnectionDto(r.row, now, r.avatarEtag));
}

/** One connection of an organization (A1: another organization's id is simply not found). */
export async function findConnection(db: DbOrTx, organizationId: string, id: string): Promise<TSocialConnection | null> {
  const [row] = await db
    .select()
    .from(socialConnections)
    .where(and(eq(socialConnections.id, id), eq(socialConnections.organizationId, organizationId)));
  return row ?? null;
}
