import "server-only";
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversations, messages, organizationMetaSettings, webhookDeliveries, type TMessageAttachment, type TWebhookDelivery } from "@/db/schema";
import { childLogger } from "@/lib/log";
import { findLinkedAccounts, type TLinkedAccount } from "./accounts";
import { attachmentsFromWebhook } from "./attachments";
import { publishInboxChange } from "./live";
import type { TUnreadArrival } from "./notify";
import { parseWebhookBody, type TParsedEvent } from "./payload";
import type { TWebhookApp } from "./signature";
import { advanceOutgoing, conversationKeyOf, ensureConversations, storeMessages, type TConversationKey, type TStoreMessage } from "./store";

const log = childLogger({ module: "inbox" });

/** What processing one delivery found (kept on its row). */
export interface TDeliveryResult {
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
}

export interface TDrainResult extends TDeliveryResult {
  deliveries: number;
  /** Deliveries whose processing failed in this run (they stay pending; the job is retried). */
  failed: number;
  /** Conversations whose person is not known yet (their profile is fetched next). */
  newConversations: string[];
  /** New messages with attachments (downloaded next). */
  withAttachments: string[];
  /** New unread messages per conversation (the new-message notification). */
  arrivals: TUnreadArrival[];
}

/** Deliveries applied per batch: one insert of their messages, one update of their conversations. */
export const DRAIN_BATCH = 100;

const attachmentsOf = (item: TParsedEvent["item"]): TMessageAttachment[] => attachmentsFromWebhook(item.message?.attachments);

/**
 * Applies every pending delivery, oldest first, in batches: messages, echoes, delivery and read
 * receipts, for every organization that linked the account. Idempotent (messages are unique per
 * organization and provider id; receipts only move statuses forward), so a retry changes nothing
 * twice. A batch that fails is applied again one delivery at a time, so one bad delivery never
 * holds up the others; one that still fails keeps its error, stays pending and is counted in
 * `failed` (the job then fails and is retried with backoff).
 */
export async function drainDeliveries(db: DbOrTx, batchSize = DRAIN_BATCH): Promise<TDrainResult> {
  const total: TDrainResult = { deliveries: 0, failed: 0, stored: 0, duplicates: 0, receipts: 0, dropped: 0, skipped: 0, newConversations: [], withAttachments: [], arrivals: [] };
  const failed: string[] = [];
  for (;;) {
    const batch = await db
      .select()
      .from(webhookDeliveries)
      .where(failed.length > 0 ? and(eq(webhookDeliveries.status, "pending"), notInArray(webhookDeliveries.id, failed)) : eq(webhookDeliveries.status, "pending"))
      .orderBy(asc(webhookDeliveries.receivedAt))
      .limit(batchSize);
    if (batch.length === 0) break;
    const applied = (await tryBatch(db, batch)) ?? (batch.length > 1 ? await oneByOne(db, batch) : null);
    for (const d of batch) if (!applied?.done.has(d.id)) failed.push(d.id);
    if (!applied) continue;
    total.deliveries += applied.done.size;
    for (const r of applied.done.values()) {
      total.stored += r.stored;
      total.duplicates += r.duplicates;
      total.receipts += r.receipts;
      total.dropped += r.dropped;
      total.skipped += r.skipped;
    }
    for (const id of applied.newConversations) if (!total.newConversations.includes(id)) total.newConversations.push(id);
    total.withAttachments.push(...applied.withAttachments);
    addArrivals(total.arrivals, applied.arrivals);
  }
  total.failed = failed.length;
  return total;
}

/** Merges per-conversation arrivals (a conversation's first message stays the burst's first). */
function addArrivals(into: TUnreadArrival[], more: readonly TUnreadArrival[]): void {
  for (const a of more) {
    const had = into.find((x) => x.conversationId === a.conversationId);
    if (had) had.count += a.count;
    else into.push({ ...a });
  }
}

interface TApplied {
  /** Delivery id → what it found. */
  done: Map<string, TDeliveryResult>;
  newConversations: string[];
  withAttachments: string[];
  arrivals: TUnreadArrival[];
}

async function oneByOne(db: DbOrTx, batch: TWebhookDelivery[]): Promise<TApplied> {
  const out: TApplied = { done: new Map(), newConversations: [], withAttachments: [], arrivals: [] };
  for (const d of batch) {
    const one = await tryBatch(db, [d]);
    if (!one) continue;
    for (const [id, r] of one.done) out.done.set(id, r);
    out.newConversations.push(...one.newConversations);
    out.withAttachments.push(...one.withAttachments);
    addArrivals(out.arrivals, one.arrivals);
  }
  return out;
}

/** Applies the deliveries and marks them processed; null (errors recorded on them) when it fails. */
async function tryBatch(db: DbOrTx, batch: TWebhookDelivery[]): Promise<TApplied | null> {
  const ids = batch.map((d) => d.id);
  await db.update(webhookDeliveries).set({ attempts: sql`${webhookDeliveries.attempts} + 1` }).where(inArray(webhookDeliveries.id, ids));
  try {
    // No enclosing transaction: on the embedded database one would hold the only connection and
    // stall the webhook route's inserts. Every step is idempotent, so a retry after a partial
    // failure applies only what is missing.
    const { results, changes, newConversations, withAttachments, arrivals } = await applyDeliveries(db, batch);
    const rows = sql.join(
      [...results].map(([id, r]) => sql`(${id}::uuid, ${JSON.stringify(r)}::jsonb)`),
      sql`, `,
    );
    await db.execute(sql`
      update ${webhookDeliveries} d set status = 'processed', processed_at = now(), last_error = null, result = v.result
      from (values ${rows}) as v(id, result)
      where d.id = v.id`);
    announce(changes);
    return { done: results, newConversations, withAttachments, arrivals };
  } catch (err) {
    // The database's own message (not drizzle's, which repeats the query and its parameters).
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    const code = cause instanceof Error ? cause.message.slice(0, 200) : "internal";
    await db.update(webhookDeliveries).set({ lastError: code }).where(inArray(webhookDeliveries.id, ids));
    log.warn({ err, deliveries: ids.length }, "webhook delivery processing failed; it is retried");
    return null;
  }
}

/** Notices for the open Inboxes, once the messages are stored. */
function announce(changes: Map<string, Set<string>>): void {
  for (const [organizationId, ids] of changes) for (const conversationId of ids) publishInboxChange(organizationId, { kind: "message", conversationId });
}

interface TRouted {
  deliveryId: string;
  ev: TParsedEvent;
  link: TLinkedAccount;
  key: TConversationKey;
}

async function applyDeliveries(db: DbOrTx, batch: TWebhookDelivery[]) {
  const results = new Map<string, TDeliveryResult>();
  const changes = new Map<string, Set<string>>();
  const mark = (organizationId: string, conversationId: string) => {
    let set = changes.get(organizationId);
    if (!set) changes.set(organizationId, (set = new Set()));
    set.add(conversationId);
  };
  const linkedCache = new Map<string, TLinkedAccount[]>();
  const touchedSettings = new Set<string>();
  const messageEvents: TRouted[] = [];
  const receiptEvents: TRouted[] = [];

  for (const delivery of batch) {
    const app = delivery.app as TWebhookApp;
    const { events, skipped } = parseWebhookBody(delivery.body);
    const result: TDeliveryResult = { stored: 0, duplicates: 0, receipts: 0, dropped: 0, skipped };
    results.set(delivery.id, result);
    for (const ev of events) {
      const cacheKey = `${app}:${ev.object}:${ev.accountId}`;
      let linked = linkedCache.get(cacheKey);
      if (!linked) linkedCache.set(cacheKey, (linked = await findLinkedAccounts(db, ev.object, ev.accountId, app)));
      if (linked.length === 0) {
        result.dropped++;
        continue;
      }
      const { item, accountId } = ev;
      // The person is the sender of what they write and the recipient of our echoes.
      const participantId = item.message?.is_echo === true || item.sender.id === accountId ? item.recipient.id : item.sender.id;
      for (const link of linked) {
        if (link.settingsId) touchedSettings.add(link.settingsId);
        const routed = { deliveryId: delivery.id, ev, link, key: { organizationId: link.organizationId, channel: link.channel, accountId, via: link.via, participantId } };
        if (item.message && !item.message.is_deleted) messageEvents.push(routed);
        else if (item.delivery || item.read) receiptEvents.push(routed);
      }
    }
  }

  // Messages and echoes: their conversations in one statement, the messages in one more.
  const byKey = await ensureConversations(
    db,
    messageEvents.map((r) => r.key),
  );
  const newConversations = [...byKey.values()].filter((c) => c.profileFetchedAt === null).map((c) => c.id);
  const toStore: TStoreMessage[] = messageEvents.map(({ ev: { item } }, i) => {
    const echo = item.message!.is_echo === true;
    return {
      conversation: byKey.get(conversationKeyOf(messageEvents[i]!.key))!,
      providerMessageId: item.message!.mid,
      direction: echo ? "out" : "in",
      text: item.message!.text ?? "",
      attachments: attachmentsOf(item),
      sentAt: new Date(item.timestamp ?? Date.now()),
      echo,
    };
  });
  const newIds = await storeMessages(db, toStore);
  const withAttachments: string[] = [];
  const arrivals: TUnreadArrival[] = [];
  messageEvents.forEach((r, i) => {
    const result = results.get(r.deliveryId)!;
    const id = newIds[i];
    const m = toStore[i]!;
    if (id) {
      if (m.attachments.some((a) => !a.link)) withAttachments.push(id);
      if (m.direction === "in") addArrivals(arrivals, [{ conversationId: m.conversation.id, count: 1, firstMessageId: id, preview: m.text }]);
      result.stored++;
      mark(r.key.organizationId, toStore[i]!.conversation.id);
    } else result.duplicates++;
  });

  // Receipts, after the messages they may name.
  for (const r of receiptEvents) {
    const changed = await applyReceipt(db, r);
    if (changed === null) continue;
    results.get(r.deliveryId)!.receipts++;
    if (changed.count > 0) mark(r.key.organizationId, changed.conversationId);
  }

  if (touchedSettings.size > 0) {
    await db.update(organizationMetaSettings).set({ lastEventAt: sql`now()` }).where(inArray(organizationMetaSettings.id, [...touchedSettings]));
  }
  return { results, changes, newConversations, withAttachments, arrivals };
}

/** A delivery or read receipt: moves our outgoing messages forward. Null when the conversation is unknown. */
async function applyReceipt(db: DbOrTx, { ev: { item }, key }: TRouted): Promise<{ conversationId: string; count: number } | null> {
  const [conversation] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.organizationId, key.organizationId), eq(conversations.channel, key.channel), eq(conversations.accountId, key.accountId), eq(conversations.participantId, key.participantId)))
    .limit(1);
  if (!conversation) return null;
  let count = 0;
  if (item.delivery) {
    count += await advanceOutgoing(db, conversation.id, "delivered", { mids: item.delivery.mids, watermark: new Date(item.delivery.watermark) });
  }
  if (item.read) {
    let watermark = item.read.watermark !== undefined ? new Date(item.read.watermark) : undefined;
    if (!watermark && item.read.mid) {
      // Instagram's messaging_seen names the message seen: everything up to it is read.
      const [seen] = await db.select({ sentAt: messages.sentAt }).from(messages).where(and(eq(messages.organizationId, key.organizationId), eq(messages.providerMessageId, item.read.mid))).limit(1);
      watermark = seen?.sentAt;
    }
    count += await advanceOutgoing(db, conversation.id, "read", { mids: item.read.mid ? [item.read.mid] : undefined, watermark });
  }
  return { conversationId: conversation.id, count };
}
