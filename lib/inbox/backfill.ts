import "server-only";
import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { conversations, inboxBackfills, organizationMetaSettings, type TInboxBackfill } from "@/db/schema";
import type { HttpClient } from "@/lib/http";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { defineQueue } from "@/lib/jobs/queue";
import { childLogger } from "@/lib/log";
import { forEachConversationPage, type MessagingAuth, type TConversation } from "@/lib/providers/facebook/messages";
import { messagingAuthFor, type TChannel, type TVia } from "./accounts";
import { publishInboxChange } from "./live";
import { attachmentFromConversations, requestAttachments } from "./attachments";
import { requestProfiles } from "./profile";
import { sendFailureText } from "./send";
import { ensureConversation, storeMessage } from "./store";

const log = childLogger({ module: "inbox" });

/**
 * Recent conversations through the Conversations API, on link / reconnect / after a gap. One job
 * per `inbox_backfills` row (the row is the request, so nothing to de-duplicate: standard policy).
 */
export const inboxBackfillQueue = defineQueue({
  name: "inbox-backfill",
  schema: z.object({ backfillId: z.uuid() }),
  options: { retryLimit: 2, retryDelay: 30, expireInSeconds: 900 },
  worker: { pollingIntervalSeconds: 0.5 },
});

/**
 * Asks for a backfill of the organization's linked Page (and its Instagram account): on link,
 * on reconnect, and when the reconcile job finds the subscription was gone (a gap) — or, with
 * `instagramLogin`, of one Instagram Login account, when it is connected. Best effort: a queue
 * that is down marks the row failed, which the Inbox shows.
 */
export async function requestBackfill(db: DbOrTx, organizationId: string, instagramLogin?: { channel: "instagram"; accountId: string }): Promise<string | null> {
  let target: { channel: TChannel; accountId: string } | undefined = instagramLogin;
  if (!target) {
    const [settings] = await db.select().from(organizationMetaSettings).where(eq(organizationMetaSettings.organizationId, organizationId)).limit(1);
    if (!settings) return null;
    // A Page's backfill is recorded on the Page (messenger) and covers its Instagram account too.
    target = { channel: "messenger", accountId: settings.facebookPageId };
  }
  const [row] = await db.insert(inboxBackfills).values({ organizationId, accountId: target.accountId, channel: target.channel }).returning({ id: inboxBackfills.id });
  try {
    await enqueueJob(inboxBackfillQueue, { backfillId: row!.id });
  } catch (err) {
    log.warn({ err, organizationId }, "backfill not enqueued");
    await db.update(inboxBackfills).set({ status: "failed", error: "Background jobs are not running.", finishedAt: sql`now()` }).where(eq(inboxBackfills.id, row!.id));
  }
  return row!.id;
}

interface TBackfillTarget {
  channel: TChannel;
  /** The conversations' account (Page or Instagram account). */
  accountId: string;
  via: TVia;
  /** Whose `/conversations` is read: the Page (for its Instagram account too) or the Instagram Login account. */
  listOn: string;
  /** Our own participant ids in those conversations. */
  ownIds: string[];
}

/** What a backfill row reads: an Instagram Login account's own conversations, or a Page's Messenger and Instagram ones. */
async function backfillPlan(db: DbOrTx, b: TInboxBackfill): Promise<TBackfillTarget[]> {
  if (b.channel === "instagram") return [{ channel: "instagram", accountId: b.accountId, via: "instagram_login", listOn: b.accountId, ownIds: [b.accountId] }];
  const [settings] = await db.select().from(organizationMetaSettings).where(eq(organizationMetaSettings.organizationId, b.organizationId)).limit(1);
  if (!settings) throw new Error("not linked");
  const page = settings.facebookPageId;
  const plan: TBackfillTarget[] = [{ channel: "messenger", accountId: page, via: "page", listOn: page, ownIds: [page] }];
  if (settings.instagramBusinessAccountId) plan.push({ channel: "instagram", accountId: settings.instagramBusinessAccountId, via: "page", listOn: page, ownIds: [settings.instagramBusinessAccountId, page] });
  return plan;
}

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
  const progress = { conversations: 0, messages: 0 };
  const newConversations: string[] = [];
  const withAttachments: string[] = [];
  try {
    const plan = await backfillPlan(db, b);
    for (const { channel, accountId, via, listOn, ownIds } of plan) {
      const auth = await messagingAuthFor(db, { organizationId: b.organizationId, channel, accountId, via });
      if (!auth) throw new Error("not linked");
      await forEachConversationPage(listOn, channel, { ...auth, client } satisfies MessagingAuth, async (page) => {
        for (const c of page) {
          const person = participantOf(c, ownIds);
          if (!person) continue;
          const conversation = await ensureConversation(db, { organizationId: b.organizationId, channel, accountId, via, participantId: person.id });
          if (conversation.profileFetchedAt === null) newConversations.push(conversation.id);
          if (!conversation.participantName && (person.name || person.username)) {
            await db.update(conversations).set({ participantName: person.name ?? null, participantUsername: person.username ?? null }).where(eq(conversations.id, conversation.id));
          }
          for (const m of [...(c.messages?.data ?? [])].reverse()) {
            const attachments = (m.attachments?.data ?? []).flatMap((a) => attachmentFromConversations(a));
            const newId = await storeMessage(db, {
              conversation,
              providerMessageId: m.id,
              direction: m.from?.id === person.id ? "in" : "out",
              text: m.message ?? "",
              attachments,
              sentAt: new Date(m.created_time),
              countUnread: false,
            });
            if (newId) progress.messages++;
            if (newId && attachments.length > 0) withAttachments.push(newId);
          }
          progress.conversations++;
        }
        await db.update(inboxBackfills).set(progress).where(eq(inboxBackfills.id, backfillId));
        publishInboxChange(b.organizationId, { kind: "backfill" });
      });
    }
    await db.update(inboxBackfills).set({ ...progress, status: "done", finishedAt: sql`now()` }).where(eq(inboxBackfills.id, backfillId));
  } catch (err) {
    const error = err instanceof Error && err.message === "not linked" ? b.channel === "instagram" ? "The Instagram account is no longer connected." : "The Page is no longer connected." : sendFailureText(err);
    log.warn({ err, backfillId }, "backfill failed");
    await db.update(inboxBackfills).set({ ...progress, status: "failed", error, finishedAt: sql`now()` }).where(eq(inboxBackfills.id, backfillId));
  }
  publishInboxChange(b.organizationId, { kind: "backfill" });
  await requestProfiles(newConversations);
  await requestAttachments(withAttachments);
  return progress;
}

/** The `inbox-backfill` job. */
export async function runBackfillJob(database: Database, job: { backfillId: string }) {
  return runBackfill(database.db, job.backfillId);
}
