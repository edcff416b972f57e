import "server-only";
import { and, asc, desc, eq, gt, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { conversations, inboxBackfills, memberships, messages, users, type TConversation } from "@/db/schema";
import { env } from "@/lib/env";
import { fail } from "@/lib/action-errors";
import { attachmentDto } from "./attachments";
import { messagingAuthFor } from "./accounts";
import type { TBackfillDto, TConversationDto, TInboxFilters, TMessageDto, TMessageStatus, TThreadDto } from "./dto";
import { replyWindow } from "./window";

const assignee = alias(users, "assignee");

function toConversationDto(c: TConversation, assigneeName: string | null): TConversationDto {
  return {
    id: c.id,
    channel: c.channel === "instagram" ? "instagram" : "messenger",
    accountId: c.accountId,
    participantId: c.participantId,
    name: c.participantName ?? (c.participantUsername ? `@${c.participantUsername}` : c.channel === "instagram" ? "Instagram user" : "Messenger user"),
    username: c.participantUsername,
    avatarUrl: c.participantAvatar ? `/api/inbox/avatars/${c.id}` : null,
    lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
    lastMessagePreview: c.lastMessagePreview ?? "",
    unreadCount: c.unreadCount,
    assignedTo: c.assignedTo ? { id: c.assignedTo, name: assigneeName ?? "A member" } : null,
    status: c.status === "done" ? "done" : "open",
  };
}

/** The organization's conversations, newest first, with the Inbox's filters. */
export async function listConversations(db: DbOrTx, organizationId: string, userId: string, filters: TInboxFilters = {}): Promise<TConversationDto[]> {
  const conds: SQL[] = [eq(conversations.organizationId, organizationId), eq(conversations.status, filters.status ?? "open")];
  if (filters.channel) conds.push(eq(conversations.channel, filters.channel));
  if (filters.unread) conds.push(gt(conversations.unreadCount, 0));
  if (filters.mine) conds.push(eq(conversations.assignedTo, userId));
  const rows = await db
    .select({ c: conversations, assigneeName: sql<string | null>`coalesce(${assignee.name}, ${assignee.email})` })
    .from(conversations)
    .leftJoin(assignee, eq(assignee.id, conversations.assignedTo))
    .where(and(...conds))
    .orderBy(sql`${conversations.lastMessageAt} desc nulls last`, desc(conversations.createdAt))
    .limit(200);
  return rows.map((r) => toConversationDto(r.c, r.assigneeName));
}

/** One of the organization's conversations; 404 (`not_found`) for another organization's id (A1). */
export async function findConversation(db: DbOrTx, organizationId: string, conversationId: string): Promise<TConversation> {
  const ok = /^[0-9a-f-]{36}$/i.test(conversationId);
  const [c] = ok ? await db.select().from(conversations).where(and(eq(conversations.id, conversationId), eq(conversations.organizationId, organizationId))).limit(1) : [];
  if (!c) fail("not_found", "No such conversation.");
  return c;
}

const READ_ONLY_REASON = "This Page or Instagram account is no longer connected, so the conversation is read-only. Connect it again under Settings → Integrations to reply.";

/** A conversation with its messages (oldest first), its reply window and whether it is read-only. */
export async function getThread(db: DbOrTx, organizationId: string, conversationId: string): Promise<TThreadDto> {
  const c = await findConversation(db, organizationId, conversationId);
  const [a] = c.assignedTo ? await db.select({ name: sql<string>`coalesce(${users.name}, ${users.email})` }).from(users).where(eq(users.id, c.assignedTo)) : [];
  const sender = alias(users, "sender");
  const rows = await db
    .select({ m: messages, sentByName: sql<string | null>`coalesce(${sender.name}, ${sender.email})` })
    .from(messages)
    .leftJoin(sender, eq(sender.id, messages.sentBy))
    .where(eq(messages.conversationId, c.id))
    .orderBy(asc(messages.sentAt), asc(messages.createdAt))
    .limit(500);
  const linked = (await messagingAuthFor(db, c)) !== null;
  return {
    conversation: toConversationDto(c, a?.name ?? null),
    messages: rows.map(({ m, sentByName }): TMessageDto => ({
      id: m.id,
      direction: m.direction === "out" ? "out" : "in",
      text: m.text,
      attachments: m.attachments.map((a, i) => attachmentDto(m.id, i, a)),
      sentAt: m.sentAt.toISOString(),
      status: m.status as TMessageStatus,
      error: m.error,
      echo: m.echo,
      sentByName,
    })),
    window: replyWindow(c.lastInboundAt, new Date(), env().META_HUMAN_AGENT),
    readOnly: !linked,
    readOnlyReason: linked ? null : READ_ONLY_REASON,
  };
}

/**
 * A cheap fingerprint of the organization's inbox: it changes whenever a conversation or message
 * does (the SSE stream and the polling fallback compare it).
 */
export async function inboxVersion(db: DbOrTx, organizationId: string): Promise<string> {
  const [r] = await db
    .select({ v: sql<string>`coalesce(max(${conversations.updatedAt})::text, '') || ':' || count(*)::text` })
    .from(conversations)
    .where(eq(conversations.organizationId, organizationId));
  return r?.v ?? "";
}

/** Assigns a conversation to a member of the organization (or nobody). */
export async function assignConversation(db: DbOrTx, organizationId: string, conversationId: string, assigneeId: string | null): Promise<void> {
  await findConversation(db, organizationId, conversationId);
  if (assigneeId) {
    const [m] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, assigneeId))).limit(1);
    if (!m) fail("invalid_input", "That person is not a member of this organization.");
  }
  await db.update(conversations).set({ assignedTo: assigneeId, updatedAt: sql`now()` }).where(eq(conversations.id, conversationId));
}

/** Marks a conversation done (or open again). */
export async function setConversationStatus(db: DbOrTx, organizationId: string, conversationId: string, status: "open" | "done"): Promise<void> {
  await findConversation(db, organizationId, conversationId);
  await db.update(conversations).set({ status, updatedAt: sql`now()` }).where(eq(conversations.id, conversationId));
}

/** The organization's members, for the assign menu. */
export async function listAssignees(db: DbOrTx, organizationId: string): Promise<Array<{ id: string; name: string }>> {
  const rows = await db
    .select({ id: users.id, name: sql<string>`coalesce(${users.name}, ${users.email})` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(users.name));
  return rows;
}

/** The latest backfill of the organization, for the Inbox's progress line. */
export async function latestBackfill(db: DbOrTx, organizationId: string): Promise<TBackfillDto | null> {
  const [b] = await db.select().from(inboxBackfills).where(eq(inboxBackfills.organizationId, organizationId)).orderBy(desc(inboxBackfills.startedAt)).limit(1);
  if (!b) return null;
  return { status: b.status === "done" ? "done" : b.status === "failed" ? "failed" : "running", conversations: b.conversations, messages: b.messages, error: b.error, startedAt: b.startedAt.toISOString() };
}

