import "server-only";
import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversations } from "@/db/schema";
import { childLogger } from "@/lib/log";
import { raiseNotification } from "@/lib/notifications";

const log = childLogger({ module: "inbox" });

/** New unread messages a drain stored in one conversation: how many, and the first one's id and text. */
export interface TUnreadArrival {
  conversationId: string;
  count: number;
  firstMessageId: string;
  preview: string;
}

/**
 * A conversation that had nothing unread and now has (a burst starts) notifies once — the member
 * it is assigned to, else every member — keyed by the burst's first message: more messages before
 * someone reads it add nothing; after it is read, the next message starts a new burst. Email
 * follows each person's settings for `inbox_message`. Never throws (the messages are stored).
 */
export async function notifyNewMessages(db: DbOrTx, arrivals: readonly TUnreadArrival[]): Promise<number> {
  if (arrivals.length === 0) return 0;
  let raised = 0;
  try {
    const rows = await db.select().from(conversations).where(inArray(conversations.id, arrivals.map((a) => a.conversationId)));
    for (const c of rows) {
      const a = arrivals.find((x) => x.conversationId === c.id)!;
      // Unread before these arrived: the burst was already notified.
      if (c.unreadCount > a.count) continue;
      const who = c.participantName ?? (c.participantUsername ? `@${c.participantUsername}` : "Someone");
      const r = await raiseNotification(db, {
        kind: "inbox_message",
        organizationId: c.organizationId,
        userId: c.assignedTo,
        subject: `${who} wrote on ${c.channel === "instagram" ? "Instagram" : "Messenger"}`,
        body: a.preview ? `“${a.preview.slice(0, 200)}”` : "A new message with an attachment.",
        link: `/inbox?conversation=${c.id}`,
        actionLabel: "Open the Inbox",
        dedupeKey: `conversation:${c.id}:burst:${a.firstMessageId}`,
      });
      raised += r.created;
    }
  } catch (err) {
    log.warn({ err }, "new-message notifications not raised");
  }
  return raised;
}
