import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, notifications, notificationSettings, organizations, users } from "@/db/schema";
import { env } from "@/lib/env";
import { childLogger } from "@/lib/log";
import { queueEmail, renderEmail } from "./email";
import { NOTIFICATION_KINDS, type TNotificationKind } from "./kinds";

const log = childLogger({ module: "notifications" });

export interface TRaiseNotification {
  kind: TNotificationKind;
  organizationId: string;
  /** One person (who must be a member); omitted: everyone in the kind's `audience`. */
  userId?: string | null;
  /** One line, e.g. "Maya's Bakery (Facebook) expires in 9 days". */
  subject: string;
  /** What happened and what to do, in a sentence or two. Plain text; never a token. */
  body?: string;
  /** The app path of the single next action, e.g. "/connections?reconnect=<id>". */
  link: string;
  /** The button text in the email (default "Open Switchboard"). */
  actionLabel?: string;
  /**
   * Names the event, not the run: `connection:<id>:v<tokenVersion>:expiring`. Raising the same
   * kind with the same key again for the same person does nothing (no second bell, no second email).
   */
  dedupeKey: string;
}

/**
 * THE way to notify (lib/notifications/kinds.ts says how to add a kind): stores one unread
 * notification per recipient — once per dedupe key — and, for recipients whose settings say so
 * (and who have an email address, and when SMTP_URL is set), queues the email. Safe to call from
 * a job on every run: only the first call for an event does anything. Returns how many
 * notifications were created now.
 */
export async function raiseNotification(db: DbOrTx, input: TRaiseNotification): Promise<{ created: number }> {
  if (!input.link.startsWith("/") || input.link.startsWith("//")) throw new Error("notification links are app paths");
  const kind = NOTIFICATION_KINDS[input.kind];
  const roles = kind.audience === "admins" ? (["owner", "admin"] as const) : (["owner", "admin", "member"] as const);
  const recipients = await db
    .select({ userId: memberships.userId, email: users.email, role: memberships.role, workspace: organizations.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(
      and(
        eq(memberships.organizationId, input.organizationId),
        input.userId ? eq(memberships.userId, input.userId) : inArray(memberships.role, [...roles]),
      ),
    );
  if (recipients.length === 0) return { created: 0 };

  const created = await db
    .insert(notifications)
    .values(
      recipients.map((r) => ({
        organizationId: input.organizationId,
        userId: r.userId,
        kind: input.kind,
        subject: input.subject.slice(0, 300),
        body: (input.body ?? "").slice(0, 2000),
        link: input.link,
        actionLabel: input.actionLabel ?? "Open",
        dedupeKey: input.dedupeKey,
      })),
    )
    .onConflictDoNothing({ target: [notifications.userId, notifications.organizationId, notifications.kind, notifications.dedupeKey] })
    .returning({ id: notifications.id, userId: notifications.userId });
  if (created.length === 0) return { created: 0 };

  const settings = await db
    .select({ userId: notificationSettings.userId, email: notificationSettings.email })
    .from(notificationSettings)
    .where(and(inArray(notificationSettings.userId, created.map((c) => c.userId)), eq(notificationSettings.kind, input.kind)));
  const wantsEmail = new Map(settings.map((s) => [s.userId, s.email]));
  const appUrl = env().APP_URL.replace(/\/+$/, "");
  for (const n of created) {
    const r = recipients.find((x) => x.userId === n.userId);
    if (!r?.email || !(wantsEmail.get(n.userId) ?? kind.emailByDefault)) continue;
    const emailId = await queueEmail(
      db,
      r.email,
      renderEmail({
        subject: input.subject,
        body: input.body ?? "",
        actionLabel: input.actionLabel ?? "Open Switchboard",
        actionUrl: `${appUrl}${input.link}`,
        footer: `You get this because you are ${r.role === "member" ? "a member" : `an ${r.role === "owner" ? "owner" : "admin"}`} of ${r.workspace} on Switchboard. Choose which emails you get: ${appUrl}/notifications/settings`,
      }),
    );
    if (emailId) await db.update(notifications).set({ emailId }).where(eq(notifications.id, n.id));
  }
  log.info({ kind: input.kind, organizationId: input.organizationId, created: created.length }, "notification raised");
  return { created: created.length };
}
