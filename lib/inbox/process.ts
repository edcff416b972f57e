import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversations, messages, organizationMetaSettings, webhookDeliveries, type TMessageAttachment } from "@/db/schema";
import { childLogger } from "@/lib/log";
import { findLinkedAccounts, type TLinkedAccount } from "./accounts";
import { publishInboxChange } from "./live";
import { parseWebhookBody, type TParsedEvent } from "./payload";
import type { TWebhookApp } from "./signature";
import { advanceOutgoing, ensureConversation, storeMessage } from "./store";

const log = childLogger({ module: "inbox" });

export interface TProcessResult {
  /** New messages stored. */
  stored: number;
  /** Messages already stored (redelivered). */
  duplicates: number;
  /** Delivery and read receipts applied. */
  receipts: number;
  /** Events for accounts nobody linked: acknowledged and dropped. */
  dropped: number;
  /** Items that could not be read. */
  skipped: number;
  /** Conversations seen for the first time (their profile is fetched next). */
  newConversations: string[];
}

const attachmentsOf = (item: TParsedEvent["item"]): TMessageAttachment[] =>
  (item.message?.attachments ?? []).flatMap((a) => (a.payload?.url ? [{ type: a.type ?? "file", url: a.payload.url }] : []));

/**
 * Applies one stored delivery: messages, echoes, delivery and read receipts, for every
 * organization that linked the account. Idempotent (messages are unique per organization and
 * provider id; receipts only move statuses forward), so a retried job changes nothing twice.
 * Throws on a database failure: the job retries it, and the row stays pending until it succeeds.
 */
export async function processDelivery(db: DbOrTx, deliveryId: string): Promise<TProcessResult | null> {
  const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId)).limit(1);
  if (!delivery) return null;
  const empty: TProcessResult = { stored: 0, duplicates: 0, receipts: 0, dropped: 0, skipped: 0, newConversations: [] };
  if (delivery.status === "processed") return empty;
  await db.update(webhookDeliveries).set({ attempts: sql`${webhookDeliveries.attempts} + 1` }).where(eq(webhookDeliveries.id, deliveryId));
  try {
    // No enclosing transaction: on the embedded database one would hold the only connection and
    // stall the webhook route's inserts. Every step is idempotent, so a retry after a partial
    // failure applies only what is missing.
    const result = await applyDelivery(db, delivery.body, delivery.app as TWebhookApp);
    await db
      .update(webhookDeliveries)
      .set({ status: "processed", processedAt: sql`now()`, lastError: null, result: { stored: result.stored, duplicates: result.duplicates, receipts: result.receipts, dropped: result.dropped, skipped: result.skipped } })
      .where(eq(webhookDeliveries.id, deliveryId));
    announce(result.changes);
    const { changes: _changes, ...summary } = result;
    return summary;
  } catch (err) {
    // The database's own message (not drizzle's, which repeats the query and its parameters).
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    const code = cause instanceof Error ? cause.message.slice(0, 200) : "internal";
    await db.update(webhookDeliveries).set({ lastError: code }).where(eq(webhookDeliveries.id, deliveryId));
    log.warn({ err, deliveryId }, "webhook delivery processing failed; the job retries it");
    throw err;
  }
}

/** Notices for the open Inboxes, after the transaction committed. */
function announce(changes: Map<string, Set<string>>): void {
  for (const [organizationId, ids] of changes) for (const conversationId of ids) publishInboxChange(organizationId, { kind: "message", conversationId });
}

interface TApplied extends TProcessResult {
  changes: Map<string, Set<string>>;
}

async function applyDelivery(db: DbOrTx, body: string, app: TWebhookApp): Promise<TApplied> {
  const { events, skipped } = parseWebhookBody(body);
  const out: TApplied = { stored: 0, duplicates: 0, receipts: 0, dropped: 0, skipped, newConversations: [], changes: new Map() };
  const linkedCache = new Map<string, TLinkedAccount[]>();
  const touchedSettings = new Set<string>();
  for (const ev of events) {
    const cacheKey = `${ev.object}:${ev.accountId}`;
    let linked = linkedCache.get(cacheKey);
    if (!linked) linkedCache.set(cacheKey, (linked = await findLinkedAccounts(db, ev.object, ev.accountId, app)));
    if (linked.length === 0) {
      out.dropped++;
      continue;
    }
    for (const link of linked) {
      if (link.settingsId) touchedSettings.add(link.settingsId);
      await applyEvent(db, ev, link, out);
    }
  }
  if (touchedSettings.size > 0) {
    await db.update(organizationMetaSettings).set({ lastEventAt: sql`now()` }).where(inArray(organizationMetaSettings.id, [...touchedSettings]));
  }
  return out;
}

async function applyEvent(db: DbOrTx, ev: TParsedEvent, link: TLinkedAccount, out: TApplied): Promise<void> {
  const { item, accountId } = ev;
  const echo = item.message?.is_echo === true;
  // The person is the sender of what they write and the recipient of our echoes.
  const participantId = echo || item.sender.id === accountId ? item.recipient.id : item.sender.id;
  const key = { organizationId: link.organizationId, channel: link.channel, accountId, via: link.via, participantId };
  const at = new Date(item.timestamp ?? Date.now());
  const mark = (conversationId: string) => {
    let set = out.changes.get(link.organizationId);
    if (!set) out.changes.set(link.organizationId, (set = new Set()));
    set.add(conversationId);
  };

  if (item.message && !item.message.is_deleted) {
    const conversation = await ensureConversation(db, key);
    if (conversation.profileFetchedAt === null && !out.newConversations.includes(conversation.id)) out.newConversations.push(conversation.id);
    const isNew = await storeMessage(db, {
      conversation,
      providerMessageId: item.message.mid,
      direction: echo ? "out" : "in",
      text: item.message.text ?? "",
      attachments: attachmentsOf(item),
      sentAt: at,
      echo,
    });
    if (isNew) {
      out.stored++;
      mark(conversation.id);
    } else out.duplicates++;
    return;
  }
  if (item.delivery || item.read) {
    const [conversation] = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.organizationId, key.organizationId), eq(conversations.channel, key.channel), eq(conversations.accountId, accountId), eq(conversations.participantId, participantId)))
      .limit(1);
    if (!conversation) return;
    let changed = 0;
    if (item.delivery) {
      changed += await advanceOutgoing(db, conversation.id, "delivered", { mids: item.delivery.mids, watermark: new Date(item.delivery.watermark) });
    }
    if (item.read) {
      let watermark = item.read.watermark !== undefined ? new Date(item.read.watermark) : undefined;
      if (!watermark && item.read.mid) {
        // Instagram's messaging_seen names the message seen: everything up to it is read.
        const [seen] = await db.select({ sentAt: messages.sentAt }).from(messages).where(and(eq(messages.organizationId, key.organizationId), eq(messages.providerMessageId, item.read.mid))).limit(1);
        watermark = seen?.sentAt;
      }
      changed += await advanceOutgoing(db, conversation.id, "read", { mids: item.read.mid ? [item.read.mid] : undefined, watermark });
    }
    out.receipts++;
    if (changed > 0) mark(conversation.id);
  }
}
