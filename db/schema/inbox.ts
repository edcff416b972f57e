import { boolean, customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * Every signed Meta webhook POST, stored raw before it is parsed (SECURITY W3): answered 200 at
 * once, applied in batches by the `inbox-drain` job, retried until processed. A byte-identical
 * redelivery (Meta retries for up to 36 h) is stored once (unique body hash).
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Which app secret verified it: facebook (Pages, Instagram via Pages) | instagram (Instagram Login). */
    app: text("app").notNull(),
    /** SHA-256 of the raw body, hex. */
    bodyHash: text("body_hash").notNull(),
    body: text("body").notNull(),
    /** pending | processed */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** The last processing failure (an internal code or short message, never a token). */
    lastError: text("last_error"),
    /** What processing found: events stored / duplicates / dropped (unlinked accounts). */
    result: jsonb("result").$type<Record<string, number>>(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("webhook_deliveries_body_hash_key").on(t.bodyHash), index("webhook_deliveries_pending_idx").on(t.status, t.receivedAt)],
);

export type TWebhookDelivery = typeof webhookDeliveries.$inferSelect;

/**
 * One person writing to one of an organization's Pages or Instagram accounts. Keyed on the
 * account and the person, never on the Meta settings row: disconnecting keeps it readable.
 */
export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** messenger | instagram */
    channel: text("channel").notNull(),
    /** The Page id (messenger) or Instagram professional account id (instagram). */
    accountId: text("account_id").notNull(),
    /** How replies go out: page (Page token on graph.facebook.com) | instagram_login (its own token). */
    via: text("via").notNull().default("page"),
    /** PSID or IGSID. */
    participantId: text("participant_id").notNull(),
    participantName: text("participant_name"),
    participantUsername: text("participant_username"),
    /** The profile picture, normalised (sharp, WebP 96×96) and kept: Meta's URLs expire. */
    participantAvatar: bytea("participant_avatar"),
    profileFetchedAt: timestamp("profile_fetched_at", { withTimezone: true }),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }),
    lastMessagePreview: text("last_message_preview"),
    /** The person's last message: the 24-hour (and 7-day human agent) reply window counts from it. */
    lastInboundAt: timestamp("last_inbound_at", { withTimezone: true }),
    unreadCount: integer("unread_count").notNull().default(0),
    assignedTo: uuid("assigned_to").references(() => users.id, { onDelete: "set null" }),
    /** open | done */
    status: text("status").notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("conversations_participant_key").on(t.organizationId, t.channel, t.accountId, t.participantId),
    index("conversations_org_last_idx").on(t.organizationId, t.lastMessageAt),
  ],
);

export type TConversation = typeof conversations.$inferSelect;

export interface TMessageAttachment {
  type: string;
  /** Where Meta served it: signed and expiring, kept for the record, never shown to a browser. */
  url: string;
  /** The copy kept in media storage (lib/media), once downloaded. */
  key?: string;
  /** Its type, judged by its bytes (file-type). */
  mime?: string;
  /** Why no copy could be kept (gone at Meta, too large, a type we do not keep…). */
  unavailable?: string;
  /** The kept copy's size in bytes. */
  size?: number;
  /** A file's name (from Meta's URL). */
  name?: string;
  /** A link, not media (a shared post, story, reel, page preview): `url` is shown as a link, never downloaded. */
  link?: true;
  /** A link's title, when Meta gives one. */
  title?: string;
}

/** One message in a conversation; unique on the provider's message id within the organization. */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** Meta's mid; null only while a reply is being sent. */
    providerMessageId: text("provider_message_id"),
    /** in | out */
    direction: text("direction").notNull(),
    text: text("text").notNull().default(""),
    attachments: jsonb("attachments").$type<TMessageAttachment[]>().notNull().default([]),
    /** When it was written (Meta's timestamp for received ones). */
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
    /** received | sending | sent | delivered | read | failed */
    status: text("status").notNull(),
    /** Why a send failed, in words a person reads. */
    error: text("error"),
    /** A reply sent from elsewhere (Meta Business Suite, the phone), learned from an echo. */
    echo: boolean("echo").notNull().default(false),
    sentBy: uuid("sent_by").references(() => users.id, { onDelete: "set null" }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("messages_provider_id_key").on(t.organizationId, t.providerMessageId),
    index("messages_conversation_idx").on(t.conversationId, t.sentAt),
  ],
);

export type TMessage = typeof messages.$inferSelect;

/** Backfill runs (on link and on reconnect after a gap): progress the Inbox shows. */
export const inboxBackfills = pgTable(
  "inbox_backfills",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull(),
    channel: text("channel").notNull(),
    /** running | done | failed */
    status: text("status").notNull().default("running"),
    conversations: integer("conversations").notNull().default(0),
    messages: integer("messages").notNull().default(0),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("inbox_backfills_org_idx").on(t.organizationId, t.startedAt)],
);

export type TInboxBackfill = typeof inboxBackfills.$inferSelect;
