import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversations, messages } from "@/db/schema";
import { fail } from "@/lib/action-errors";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { sendSenderAction, sendText, type MessagingAuth } from "@/lib/providers/facebook/messages";
import { ProviderError } from "@/lib/providers/types";
import { messagingAuthFor } from "./accounts";
import { findConversation } from "./conversations";
import { publishInboxChange } from "./live";
import { previewOf } from "./store";
import { replyWindow } from "./window";

const log = childLogger({ module: "inbox" });

/** Messenger allows 2,000 characters; Instagram fewer than 1,000 bytes. */
export function textLimitOf(channel: string): number {
  return channel === "instagram" ? 999 : 2000;
}

/** What a person reads when Meta refused a reply (never a token). */
export function sendFailureText(err: unknown): string {
  if (err instanceof ProviderError) {
    if (err.providerCode?.startsWith("10/") || err.providerCode === "10") return "Meta refused: the reply window for this conversation has closed.";
    if (err.kind === "auth") return "Meta no longer accepts this Page's access. Connect it again under Settings → Integrations.";
    if (err.kind === "permission") return `Meta refused: ${err.message}`;
    if (err.kind === "rate_limit") return "Meta is limiting messages right now. Try again in a few minutes.";
    if (err.kind === "invalid_input") return `Meta refused the message: ${err.message}`;
    return "Meta could not be reached. Try again.";
  }
  return "The message could not be sent. Try again.";
}

/** Where a reply goes: the Page for Messenger and Instagram-via-Page, the account for Instagram Login. */
function senderOf(auth: MessagingAuth, accountId: string): string {
  return auth.pageId ?? accountId;
}

/**
 * Sends a reply: refused up front when the window is closed or the account is no longer linked
 * (the reply box says why instead of letting Meta fail); stored as `sending`, then `sent` with
 * Meta's id, or `failed` with the reason. Delivery and read receipts move it on (webhooks).
 */
export async function sendReply(
  db: DbOrTx,
  input: { organizationId: string; conversationId: string; userId: string; text: string },
  client?: HttpClient,
): Promise<{ messageId: string; status: "sent" | "failed"; error: string | null }> {
  const c = await findConversation(db, input.organizationId, input.conversationId);
  const text = input.text.trim();
  if (!text) fail("invalid_input", "Write a message first.");
  if (Buffer.byteLength(text) > textLimitOf(c.channel)) fail("invalid_input", c.channel === "instagram" ? "Instagram messages must be under 1,000 bytes." : "Messenger messages can have at most 2,000 characters.");
  const auth = await messagingAuthFor(db, c);
  if (!auth) fail("conflict", "This Page or Instagram account is no longer connected, so the conversation is read-only.");
  const window = replyWindow(c.lastInboundAt, new Date(), env().META_HUMAN_AGENT);
  if (!window.open) fail("conflict", window.reason);

  const [row] = await db
    .insert(messages)
    .values({ organizationId: c.organizationId, conversationId: c.id, direction: "out", text, status: "sending", sentBy: input.userId })
    .returning({ id: messages.id, sentAt: messages.sentAt });
  publishInboxChange(c.organizationId, { kind: "message", conversationId: c.id });
  try {
    const mid = await sendText(senderOf(auth, c.accountId), { recipientId: c.participantId, text, tag: window.tag }, { ...auth, client });
    await db.transaction(async (tx) => {
      // An echo of this very message may have arrived first: it is this message, not another one.
      await tx.delete(messages).where(and(eq(messages.organizationId, c.organizationId), eq(messages.providerMessageId, mid), eq(messages.echo, true)));
      await tx.update(messages).set({ providerMessageId: mid, status: "sent" }).where(eq(messages.id, row!.id));
      await tx
        .update(conversations)
        .set({ lastMessageAt: row!.sentAt, lastMessagePreview: previewOf(text, []), updatedAt: sql`now()` })
        .where(eq(conversations.id, c.id));
    });
    publishInboxChange(c.organizationId, { kind: "message", conversationId: c.id });
    return { messageId: row!.id, status: "sent", error: null };
  } catch (err) {
    const error = sendFailureText(err);
    log.warn({ err, conversationId: c.id }, "reply failed");
    await db.update(messages).set({ status: "failed", error }).where(eq(messages.id, row!.id));
    await db.update(conversations).set({ updatedAt: sql`now()` }).where(eq(conversations.id, c.id));
    publishInboxChange(c.organizationId, { kind: "status", conversationId: c.id });
    return { messageId: row!.id, status: "failed", error };
  }
}

/**
 * Opening a conversation: unread back to 0 and, when there was something unread and the account
 * is linked, `mark_seen` so the person sees it was read (best effort: a failure changes nothing else).
 */
export async function markConversationRead(db: DbOrTx, organizationId: string, conversationId: string, client?: HttpClient): Promise<{ markedSeen: boolean }> {
  const c = await findConversation(db, organizationId, conversationId);
  if (c.unreadCount === 0) return { markedSeen: false };
  await db.update(conversations).set({ unreadCount: 0, updatedAt: sql`now()` }).where(eq(conversations.id, c.id));
  publishInboxChange(organizationId, { kind: "conversation", conversationId: c.id });
  const auth = await messagingAuthFor(db, c);
  if (!auth) return { markedSeen: false };
  try {
    await sendSenderAction(senderOf(auth, c.accountId), c.participantId, "mark_seen", { ...auth, client });
    return { markedSeen: true };
  } catch (err) {
    log.warn({ err, conversationId: c.id }, "mark_seen failed");
    return { markedSeen: false };
  }
}
