import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

/**
 * One notification for one person in one workspace (lib/notifications). A notification for a
 * whole workspace is one row per member it concerns, so each person reads their own. The same
 * event never notifies twice: unique on (user, organization, kind, dedupe key).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** A key of NOTIFICATION_KINDS (lib/notifications/kinds.ts). */
    kind: text("kind").notNull(),
    subject: text("subject").notNull(),
    /** One or two sentences of plain text; never a token. */
    body: text("body").notNull().default(""),
    /** An app path (starts with "/") for the single next action. */
    link: text("link").notNull(),
    /** The link's words, e.g. "Reconnect". */
    actionLabel: text("action_label").notNull().default("Open"),
    /** Names the event (e.g. `connection:<id>:v3:expiring`): raising it again does nothing. */
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
    /** The email outbox row that carries it, when it also went by email. */
    emailId: uuid("email_id"),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_key").on(t.userId, t.organizationId, t.kind, t.dedupeKey),
    index("notifications_user_idx").on(t.userId, t.createdAt),
  ],
);
export type TNotification = typeof notifications.$inferSelect;

/** Per person and kind: whether it also goes by email. No row = the kind's default. */
export const notificationSettings = pgTable(
  "notification_settings",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    email: boolean("email").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * Emails waiting for (or done with) the `email-send` queue. The message (subject, text, HTML)
 * is encrypted like a token: an invitation's carries its secret link.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid("id").primaryKey(),
    to: text("to").notNull(),
    /** Encrypted (lib/crypto) JSON {subject, text, html}; AAD email_outbox/<id>/message. */
    message: text("message").notNull(),
    /** pending | sent | failed */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** A worker sending it holds it until then (a crashed send is retried after). */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** The SMTP server's answer or the network error of the last failed attempt (no content). */
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("email_outbox_status_idx").on(t.status, t.createdAt)],
);

/**
 * Data-deletion requests from Meta (Facebook Login's and Instagram Login's app): the public
 * status page shows one by its confirmation code. The provider user id is kept only as a hash
 * (for idempotency), never in plain text.
 */
export const dataDeletionRequests = pgTable(
  "data_deletion_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    confirmationCode: text("confirmation_code").notNull(),
    /** facebook | instagram_login */
    app: text("app").notNull(),
    /** SHA-256 of `<app>:<provider user id>`. */
    subjectHash: text("subject_hash").notNull(),
    /** completed */
    status: text("status").notNull(),
    /** What was deleted: counts only. */
    deleted: jsonb("deleted").$type<Record<string, number>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("data_deletion_requests_code_key").on(t.confirmationCode), uniqueIndex("data_deletion_requests_subject_key").on(t.app, t.subjectHash)],
);
