import "server-only";
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications, notificationSettings } from "@/db/schema";
import { NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS, type TNotificationKind } from "./kinds";

/** What the browser sees of a notification (an allowlist). */
export interface TNotificationDto {
  id: string;
  kind: string;
  subject: string;
  body: string;
  link: string;
  actionLabel: string;
  createdAt: string;
  read: boolean;
}

/** Everything below is scoped to one person in one workspace (A1): another's ids match nothing. */
const mine = (userId: string, organizationId: string) =>
  and(eq(notifications.userId, userId), eq(notifications.organizationId, organizationId));

export async function unreadCount(db: DbOrTx, userId: string, organizationId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(mine(userId, organizationId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export async function listNotifications(db: DbOrTx, userId: string, organizationId: string, limit = 100): Promise<TNotificationDto[]> {
  const rows = await db
    .select()
    .from(notifications)
    .where(mine(userId, organizationId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    body: r.body,
    link: r.link,
    actionLabel: r.actionLabel,
    createdAt: r.createdAt.toISOString(),
    read: r.readAt !== null,
  }));
}

/** Marks one of this person's notifications read; false when it is not theirs (or unknown). */
export async function markRead(db: DbOrTx, userId: string, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(mine(userId, organizationId), eq(notifications.id, id)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function markAllRead(db: DbOrTx, userId: string, organizationId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(mine(userId, organizationId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

export interface TEmailSetting {
  kind: TNotificationKind;
  label: string;
  description: string;
  email: boolean;
}

/** This person's email choice for every kind (the kind's default where they never chose). */
export async function emailSettings(db: DbOrTx, userId: string): Promise<TEmailSetting[]> {
  const rows = await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId));
  const chosen = new Map(rows.map((r) => [r.kind, r.email]));
  return NOTIFICATION_KIND_NAMES.map((kind) => ({
    kind,
    label: NOTIFICATION_KINDS[kind].label,
    description: NOTIFICATION_KINDS[kind].description,
    email: chosen.get(kind) ?? NOTIFICATION_KINDS[kind].emailByDefault,
  }));
}

/** Saves the whole set of email choices at once (the settings form sends every kind). */
export async function saveEmailSettings(db: DbOrTx, userId: string, emailFor: ReadonlySet<TNotificationKind>): Promise<void> {
  await db
    .insert(notificationSettings)
    .values(NOTIFICATION_KIND_NAMES.map((kind) => ({ userId, kind, email: emailFor.has(kind) })))
    .onConflictDoUpdate({
      target: [notificationSettings.userId, notificationSettings.kind],
      set: { email: sql`excluded.email`, updatedAt: sql`now()` },
    });
}

/** Marks the notification read and answers its link — only for its own person and workspace. */
export async function openNotification(db: DbOrTx, userId: string, organizationId: string, id: string): Promise<string | null> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(mine(userId, organizationId), eq(notifications.id, id)))
    .returning({ link: notifications.link });
  return row?.link ?? null;
}
