import "server-only";
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversations, messages, type TConversation, type TMessageAttachment } from "@/db/schema";
import type { TChannel, TVia } from "./accounts";

const PREVIEWS = { image: "📷 Photo", audio: "🎤 Audio", video: "🎬 Video", file: "📎 File" } as const;

/** The preview line of the conversation list. */
export function previewOf(text: string, attachments: readonly TMessageAttachment[]): string {
  const t = text.trim().replace(/\s+/g, " ");
  if (t) return t.slice(0, 140);
  const first = attachments[0];
  if (first) return (PREVIEWS as Record<string, string>)[first.type] ?? (first.link ? "🔗 Link" : "📎 Attachment");
  return "";
}

export interface TConversationKey {
  organizationId: string;
  channel: TChannel;
  accountId: string;
  via: TVia;
  participantId: string;
}

/** A conversation's key in ensureConversations' map. */
export const conversationKeyOf = (k: Omit<TConversationKey, "via">) => `${k.organizationId}|${k.channel}|${k.accountId}|${k.participantId}`;

/** The conversation of this account and person in the organization, created on first contact. */
export async function ensureConversation(
  db: DbOrTx,
  key: { organizationId: string; channel: TChannel; accountId: string; via: TVia; participantId: string },
): Promise<TConversation> {
  return (await ensureConversations(db, [key])).get(conversationKeyOf(key))!;
}

/**
 * The conversations of many account × person keys in one statement (a webhook batch), created
 * on first contact; by `organization|channel|account|participant`.
 */
export async function ensureConversations(db: DbOrTx, keys: readonly TConversationKey[]): Promise<Map<string, TConversation>> {
  // One row per key: an upsert may not touch the same row twice in one statement.
  const unique = [...new Map(keys.map((k) => [conversationKeyOf(k), k])).values()];
  if (unique.length === 0) return new Map();
  const rows = await db
    .insert(conversations)
    .values(unique)
    .onConflictDoUpdate({
      target: [conversations.organizationId, conversations.channel, conversations.accountId, conversations.participantId],
      // A relink through another way (Page ↔ Instagram Login) moves replies to it.
      set: { via: sql`excluded.via` },
    })
    .returning();
  return new Map(rows.map((r) => [conversationKeyOf({ ...r, channel: r.channel as TChannel }), r]));
}

export interface TStoreMessage {
  conversation: Pick<TConversation, "id" | "organizationId">;
  providerMessageId: string;
  direction: "in" | "out";
  text: string;
  attachments: TMessageAttachment[];
  sentAt: Date;
  echo?: boolean;
  /** Imported history (backfill) is not unread. */
  countUnread?: boolean;
}

/**
 * Stores one message unless the organization already has its provider id (a redelivery, or a
 * backfilled message the webhook also brought). Returns its id when it was new (else null); a new one moves the
 * conversation's last message, unread count, reply window and reopens it.
 */
export async function storeMessage(db: DbOrTx, m: TStoreMessage): Promise<string | null> {
  return (await storeMessages(db, [m]))[0]!;
}

/**
 * storeMessage for many messages in two statements (one insert, one update of the conversations
 * they moved), in order: the first of two with the same provider id in the organization is the
 * one stored. Returns, per message, its id when it was new, else null.
 */
export async function storeMessages(db: DbOrTx, list: readonly TStoreMessage[]): Promise<Array<string | null>> {
  const idKey = (m: TStoreMessage) => `${m.conversation.organizationId}|${m.providerMessageId}`;
  const firsts = new Map<string, number>();
  list.forEach((m, i) => {
    if (!firsts.has(idKey(m))) firsts.set(idKey(m), i);
  });
  const candidates = [...firsts.values()].map((i) => list[i]!);
  if (candidates.length === 0) return [];
  const inserted = await db
    .insert(messages)
    .values(
      candidates.map((m) => ({
        organizationId: m.conversation.organizationId,
        conversationId: m.conversation.id,
        providerMessageId: m.providerMessageId,
        direction: m.direction,
        text: m.text,
        attachments: m.attachments,
        sentAt: m.sentAt,
        status: m.direction === "in" ? "received" : "sent",
        echo: m.echo ?? false,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: messages.id, organizationId: messages.organizationId, providerMessageId: messages.providerMessageId });
  const fresh = new Map(inserted.map((r) => [`${r.organizationId}|${r.providerMessageId}`, r.id]));
  const isNew = list.map((m, i) => (firsts.get(idKey(m)) === i ? (fresh.get(idKey(m)) ?? null) : null));

  // What the new messages change in each conversation.
  const moved = new Map<string, { lastAt: Date; preview: string; lastIn: Date | null; unread: number }>();
  list.forEach((m, i) => {
    if (!isNew[i]) return;
    let c = moved.get(m.conversation.id);
    if (!c) moved.set(m.conversation.id, (c = { lastAt: m.sentAt, preview: previewOf(m.text, m.attachments), lastIn: null, unread: 0 }));
    if (m.sentAt >= c.lastAt) {
      c.lastAt = m.sentAt;
      c.preview = previewOf(m.text, m.attachments);
    }
    if (m.direction === "in") {
      if (!c.lastIn || m.sentAt > c.lastIn) c.lastIn = m.sentAt;
      if (m.countUnread !== false) c.unread++;
    }
  });
  if (moved.size > 0) {
    const values = sql.join(
      [...moved].map(([id, c]) => sql`(${id}::uuid, ${c.lastAt.toISOString()}::timestamptz, ${c.preview}::text, ${c.lastIn?.toISOString() ?? null}::timestamptz, ${c.unread}::int)`),
      sql`, `,
    );
    // A newer last message moves the preview; an inbound one the reply window; an unread one
    // counts and reopens the conversation.
    await db.execute(sql`
      update ${conversations} c set
        last_message_at = greatest(c.last_message_at, v.last_at),
        last_message_preview = case when c.last_message_at is null or c.last_message_at <= v.last_at then v.preview else c.last_message_preview end,
        last_inbound_at = greatest(c.last_inbound_at, v.last_in),
        unread_count = c.unread_count + v.unread,
        status = case when v.unread > 0 then 'open' else c.status end,
        updated_at = now()
      from (values ${values}) as v(id, last_at, preview, last_in, unread)
      where c.id = v.id`);
  }
  return isNew;
}

const RANK = ["sending", "sent", "delivered", "read"];
const before = (status: "delivered" | "read") => RANK.slice(1, RANK.indexOf(status));

/**
 * Moves our outgoing messages forward (never back): by id (`mids`), and/or everything sent up to
 * a watermark. Returns how many changed.
 */
export async function advanceOutgoing(
  db: DbOrTx,
  conversationId: string,
  to: "delivered" | "read",
  by: { mids?: string[]; watermark?: Date },
): Promise<number> {
  const conds = [];
  if (by.mids && by.mids.length > 0) conds.push(inArray(messages.providerMessageId, by.mids));
  if (by.watermark) conds.push(lte(messages.sentAt, by.watermark));
  if (conds.length === 0) return 0;
  const now = sql`now()`;
  const changed = await db
    .update(messages)
    .set(to === "read" ? { status: "read", readAt: now, deliveredAt: sql`coalesce(${messages.deliveredAt}, now())` } : { status: "delivered", deliveredAt: now })
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "out"), inArray(messages.status, before(to)), or(...conds)))
    .returning({ id: messages.id });
  if (changed.length > 0) await db.update(conversations).set({ updatedAt: sql`now()` }).where(eq(conversations.id, conversationId));
  return changed.length;
}
