import "server-only";
import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversations, messages, type TConversation, type TMessageAttachment } from "@/db/schema";
import type { TChannel, TVia } from "./accounts";

/** The preview line of the conversation list. */
export function previewOf(text: string, attachments: readonly TMessageAttachment[]): string {
  const t = text.trim().replace(/\s+/g, " ");
  if (t) return t.slice(0, 140);
  if (attachments.length > 0) return attachments[0]!.type === "image" ? "📷 Photo" : "📎 Attachment";
  return "";
}

/** The conversation of this account and person in the organization, created on first contact. */
export async function ensureConversation(
  db: DbOrTx,
  key: { organizationId: string; channel: TChannel; accountId: string; via: TVia; participantId: string },
): Promise<TConversation> {
  const [row] = await db
    .insert(conversations)
    .values(key)
    .onConflictDoUpdate({
      target: [conversations.organizationId, conversations.channel, conversations.accountId, conversations.participantId],
      // A relink through another way (Page ↔ Instagram Login) moves replies to it.
      set: { via: key.via },
    })
    .returning();
  return row!;
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
 * backfilled message the webhook also brought). Returns whether it was new; a new one moves the
 * conversation's last message, unread count, reply window and reopens it.
 */
export async function storeMessage(db: DbOrTx, m: TStoreMessage): Promise<boolean> {
  const [inserted] = await db
    .insert(messages)
    .values({
      organizationId: m.conversation.organizationId,
      conversationId: m.conversation.id,
      providerMessageId: m.providerMessageId,
      direction: m.direction,
      text: m.text,
      attachments: m.attachments,
      sentAt: m.sentAt,
      status: m.direction === "in" ? "received" : "sent",
      echo: m.echo ?? false,
    })
    .onConflictDoNothing()
    .returning({ id: messages.id });
  if (!inserted) return false;
  const at = m.sentAt;
  const newer = or(isNull(conversations.lastMessageAt), lte(conversations.lastMessageAt, at));
  await db
    .update(conversations)
    .set({
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at.toISOString()}::timestamptz)`,
      lastMessagePreview: sql`case when ${newer} then ${previewOf(m.text, m.attachments)} else ${conversations.lastMessagePreview} end`,
      ...(m.direction === "in"
        ? {
            lastInboundAt: sql`greatest(${conversations.lastInboundAt}, ${at.toISOString()}::timestamptz)`,
            ...(m.countUnread === false ? {} : { unreadCount: sql`${conversations.unreadCount} + 1`, status: "open" }),
          }
        : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(conversations.id, m.conversation.id));
  return true;
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
