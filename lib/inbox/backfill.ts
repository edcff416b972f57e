import "server-only";
import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { conversations, inboxBackfills, organizationMetaSettings } from "@/db/schema";
import type { HttpClient } from "@/lib/http";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { childLogger } from "@/lib/log";
import { forEachConversationPage, type MessagingAuth, type TConversation } from "@/lib/providers/facebook/messages";
import { messagingAuthFor, type TChannel } from "./accounts";
import { publishInboxChange } from "./live";
import { requestProfiles } from "./profile";
import { sendFailureText } from "./send";
import { ensureConversation, storeMessage } from "./store";

const log = childLogger({ module: "inbox" });

export const INBOX_BACKFILL_QUEUE = "inbox-backfill";

/**
 * Asks for a backfill of the organization's linked Page (and its Instagram account): on link,
 * on reconnect, and when the reconcile job finds the subscription was gone (a gap). Best effort:
 * a queue that is down marks the row failed, which the Inbox shows.
 */
export async function requestBackfill(db: DbOrTx, organizationId: string): Promise<string | null> {
  const [settings] = await db.select().from(organizationMetaSettings).where(eq(organizationMetaSettings.organizationId, organizationId)).limit(1);
  if (!settings) return null;
  const [row] = await db.insert(inboxBackfills).values({ organizationId, accountId: settings.facebookPageId, channel: "messenger" }).returning({ id: inboxBackfills.id });
  try {
    await enqueueJob(INBOX_BACKFILL_QUEUE, { backfillId: row!.id }, { singletonKey: row!.id });
  } catch (err) {
    log.warn({ err, organizationId }, "backfill not enqueued");
    await db.update(inboxBackfills).set({ status: "failed", error: "Background jobs are not running.", finishedAt: sql`now()` }).where(eq(inboxBackfills.id, row!.id));
  }
  return row!.id;
}

const ZBackfillJob = z.object({ backfillId: z.uuid() });

/** The person of a conversation: the participant who is not the account. */
function participantOf(c: TConversation, accountIds: string[]) {
  return c.participants?.data.find((p) => !accountIds.includes(p.id));
}

/**
 * Imports the account's recent conversations through the Conversations API (cursor paging),
 * each with its latest messages, without duplicating what webhooks stored (messages are unique
 * per organization and provider id). History is not counted as unread. Progress is kept on the
 * backfill row as each page arrives.
 */
export async function runBackfill(db: DbOrTx, backfillId: string, client?: HttpClient): Promise<{ conversations: number; messages: number } | null> {
  const [b] = await db.select().from(inboxBackfills).where(eq(inboxBackfills.id, backfillId)).limit(1);
  if (!b || b.status !== "running") return null;
  const [settings] = await db.select().from(organizationMetaSettings).where(eq(organizationMetaSettings.organizationId, b.organizationId)).limit(1);
  const progress = { conversations: 0, messages: 0 };
  const newConversations: string[] = [];
  try {
    if (!settings) throw new Error("not linked");
    const channels: Array<{ channel: TChannel; accountId: string }> = [{ channel: "messenger", accountId: settings.facebookPageId }];
    if (settings.instagramBusinessAccountId) channels.push({ channel: "instagram", accountId: settings.instagramBusinessAccountId });
    for (const { channel, accountId } of channels) {
      const auth = await messagingAuthFor(db, { organizationId: b.organizationId, channel, accountId, via: "page" });
      if (!auth) throw new Error("not linked");
      const ownIds = [accountId, settings.facebookPageId];
      await forEachConversationPage(settings.facebookPageId, channel, { ...auth, client } satisfies MessagingAuth, async (page) => {
        for (const c of page) {
          const person = participantOf(c, ownIds);
          if (!person) continue;
          const conversation = await ensureConversation(db, { organizationId: b.organizationId, channel, accountId, via: "page", participantId: person.id });
          if (conversation.profileFetchedAt === null) newConversations.push(conversation.id);
          if (!conversation.participantName && (person.name || person.username)) {
            await db.update(conversations).set({ participantName: person.name ?? null, participantUsername: person.username ?? null }).where(eq(conversations.id, conversation.id));
          }
          for (const m of [...(c.messages?.data ?? [])].reverse()) {
            const attachments = (m.attachments?.data ?? []).flatMap((a) => {
              const url = a.image_data?.url ?? a.file_url;
              return url ? [{ type: a.image_data ? "image" : "file", url }] : [];
            });
            const isNew = await storeMessage(db, {
              conversation,
              providerMessageId: m.id,
              direction: m.from?.id === person.id ? "in" : "out",
              text: m.message ?? "",
              attachments,
              sentAt: new Date(m.created_time),
              countUnread: false,
            });
            if (isNew) progress.messages++;
          }
          progress.conversations++;
        }
        await db.update(inboxBackfills).set(progress).where(eq(inboxBackfills.id, backfillId));
        publishInboxChange(b.organizationId, { kind: "backfill" });
      });
    }
    await db.update(inboxBackfills).set({ ...progress, status: "done", finishedAt: sql`now()` }).where(eq(inboxBackfills.id, backfillId));
  } catch (err) {
    const error = err instanceof Error && err.message === "not linked" ? "The Page is no longer connected." : sendFailureText(err);
    log.warn({ err, backfillId }, "backfill failed");
    await db.update(inboxBackfills).set({ ...progress, status: "failed", error, finishedAt: sql`now()` }).where(eq(inboxBackfills.id, backfillId));
  }
  publishInboxChange(b.organizationId, { kind: "backfill" });
  await requestProfiles(newConversations);
  return progress;
}

/** The `inbox-backfill` job. */
export async function runBackfillJob(database: Database, data: unknown) {
  const { backfillId } = ZBackfillJob.parse(data);
  return runBackfill(database.db, backfillId);
}
