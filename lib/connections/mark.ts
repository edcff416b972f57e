import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { socialConnections, type TSocialConnection } from "@/db/schema";
import { childLogger } from "@/lib/log";
import { raiseNotification } from "@/lib/notifications";
import { platformName, reconnectHref } from "@/lib/providers/catalog";
import { ProviderError } from "@/lib/providers/types";
import { USABLE_STATUSES } from "./status";

const log = childLogger({ module: "connections.lifecycle" });

export type TDeadStatus = "needs_reconnect" | "expired" | "revoked";
export type TRow = Pick<TSocialConnection, "id" | "organizationId" | "platform" | "appType" | "displayName" | "tokenVersion">;

const WORDING: Record<TDeadStatus | "expiring", (name: string, days?: number) => { subject: string; body: string }> = {
  expiring: (name, days) => ({
    subject: `${name} expires in ${days} ${days === 1 ? "day" : "days"}`,
    body: "Its token can't be renewed automatically. Reconnect it before then so publishing keeps working.",
  }),
  expired: (name) => ({
    subject: `${name} expired`,
    body: "Its token ran out, so nothing can be published to it. Reconnect it to continue.",
  }),
  needs_reconnect: (name) => ({
    subject: `${name} needs to be reconnected`,
    body: "The platform no longer accepts Switchboard's access (a changed password or removed access, for example). Reconnect it to continue.",
  }),
  revoked: (name) => ({
    subject: `${name} was disconnected at the platform`,
    body: "Switchboard was removed from the account at the platform, so its access ended. Reconnect it if you still want to publish there.",
  }),
};
const KIND = {
  expiring: "connection_expiring",
  expired: "connection_expired",
  needs_reconnect: "connection_needs_reconnect",
  revoked: "connection_revoked",
} as const;

function label(row: TRow): string {
  return `${row.displayName} (${platformName(row.platform)})`;
}

/** Tells the connection's workspace, once per token version and status. */
export async function notifyConnection(db: DbOrTx, row: TRow, status: TDeadStatus | "expiring", days?: number): Promise<void> {
  const words = WORDING[status](label(row), days);
  await raiseNotification(db, {
    kind: KIND[status],
    organizationId: row.organizationId,
    subject: words.subject,
    body: words.body,
    link: reconnectHref(row),
    actionLabel: "Reconnect",
    dedupeKey: `connection:${row.id}:v${row.tokenVersion}:${status}`,
  });
}

/**
 * Marks a connection unusable and notifies its workspace once. Compare-and-swap on the token
 * version it was judged by: a token a reconnect or refresh replaced meanwhile is not condemned.
 * Answers whether it was marked now.
 */
export async function markConnection(db: DbOrTx, row: TRow, status: TDeadStatus): Promise<boolean> {
  const marked = await db
    .update(socialConnections)
    .set({ status, updatedAt: sql`now()` })
    .where(and(eq(socialConnections.id, row.id), eq(socialConnections.tokenVersion, row.tokenVersion), inArray(socialConnections.status, [...USABLE_STATUSES])))
    .returning({ id: socialConnections.id });
  if (marked.length === 0) return false;
  log.warn({ connectionId: row.id, platform: row.platform, status }, "connection marked unusable");
  await notifyConnection(db, row, status);
  return true;
}

/**
 * After a provider call made with this connection's token failed: a real auth error (Meta 190,
 * X/LinkedIn/Telegram 401 — ProviderError kind `auth`; `permission` too when `permissionIsFatal`)
 * marks it needs_reconnect at once and notifies once. 5xx, network errors, rate limits change
 * nothing (J3). Answers whether it was marked.
 */
export async function markNeedsReconnectOnAuthError(db: DbOrTx, row: TRow, error: unknown, options: { permissionIsFatal?: boolean } = {}): Promise<boolean> {
  if (!(error instanceof ProviderError)) return false;
  if (error.kind !== "auth" && !(options.permissionIsFatal && error.kind === "permission")) return false;
  return markConnection(db, row, "needs_reconnect");
}

