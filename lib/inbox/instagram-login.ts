import "server-only";
import type { DbOrTx } from "@/db/client";
import { and, eq, sql } from "drizzle-orm";
import { socialConnections, type TSocialConnection } from "@/db/schema";
import { isUsable } from "@/lib/connections/status";
import { INSTAGRAM_LOGIN_PLATFORM } from "@/lib/connections/instagram-login-connection";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { ensureAppSubscriptions } from "@/lib/meta-messaging/webhooks";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import { instagramAccountSubscribedFields, subscribeInstagramAccount, type MessagingAuth } from "@/lib/providers/facebook/messages";
import { ProviderError } from "@/lib/providers/types";
import { messagingAuthFor } from "./accounts";
import { requestBackfill } from "./backfill";

const log = childLogger({ module: "inbox" });

/** The permission an Instagram Login account needs for its DMs to reach the Inbox. */
export const INSTAGRAM_LOGIN_MESSAGING_SCOPE = "instagram_business_manage_messages";

/**
 * The account's own webhook fields: its messages, and `messaging_seen` (Instagram's read
 * receipts, which move our replies to "read").
 */
export const INSTAGRAM_LOGIN_WEBHOOK_FIELDS = ["messages", "messaging_seen"] as const;

export interface TInstagramInboxLink {
  /** The account's webhook subscription succeeded. */
  subscribed: boolean;
  /** The history import asked for (null: none, the account cannot be read for messages). */
  backfillId: string | null;
}

/**
 * An Instagram Login account was connected (sign-in or link): its DMs come to the Inbox of the
 * connection's organization. Subscribes the account to webhooks (`POST graph.instagram.com/
 * {ig-user-id}/subscribed_apps`), makes sure the app listens for `instagram` events, and asks for a
 * backfill of its recent conversations. Never throws: the connection is saved either way, and a
 * failure is logged.
 */
export async function linkInstagramLoginInbox(db: DbOrTx, connection: TSocialConnection, client?: HttpClient): Promise<TInstagramInboxLink> {
  if (!connection.scopes?.includes(INSTAGRAM_LOGIN_MESSAGING_SCOPE)) return { subscribed: false, backfillId: null };
  const key = { organizationId: connection.organizationId, channel: "instagram", accountId: connection.providerAccountId, via: "instagram_login" } as const;
  const auth = await messagingAuthFor(db, key).catch(() => null);
  if (!auth) return { subscribed: false, backfillId: null };
  const subscribed = await subscribeAndRecord(db, connection, { ...auth, client });
  const creds = facebookCredentials(env());
  if (creds) {
    try {
      await ensureAppSubscriptions(creds, client);
    } catch (err) {
      log.warn({ err }, "app-level instagram webhook subscription not ensured");
    }
  }
  // History comes in through a job either way (the token reads conversations even unsubscribed).
  return { subscribed, backfillId: await requestBackfill(db, key.organizationId, { channel: "instagram", accountId: key.accountId }) };
}

/** The organization's Instagram Login accounts whose DMs come to its Inbox (usable, with the messaging permission). */
export async function instagramLoginInboxAccounts(db: DbOrTx, organizationId: string): Promise<Array<{ accountId: string; name: string }>> {
  const rows = await db
    .select({ accountId: socialConnections.providerAccountId, name: socialConnections.displayName, scopes: socialConnections.scopes, status: socialConnections.status })
    .from(socialConnections)
    .where(and(eq(socialConnections.organizationId, organizationId), eq(socialConnections.platform, INSTAGRAM_LOGIN_PLATFORM)));
  return rows.filter((r) => isUsable(r.status) && r.scopes?.includes(INSTAGRAM_LOGIN_MESSAGING_SCOPE)).map((r) => ({ accountId: r.accountId, name: r.name }));
}

/**
 * An Instagram Login account's webhook subscription as its card shows it, kept in the connection's
 * `details` (`inboxWebhook`, `inboxWebhookCheckedAt`, `inboxWebhookError`): set when the account is
 * linked, by the hourly check (lib/meta-messaging/reconcile) and by Resubscribe.
 */
export type TInboxWebhookStatus = "subscribed" | "not_subscribed";

/** What a person reads when subscribing or checking failed (never Meta's raw message, never a token). */
function webhookErrorText(err: unknown): string {
  if (err instanceof ProviderError && (err.kind === "auth" || err.kind === "permission")) return "Instagram no longer accepts this connection for messages. Reconnect it.";
  if (err instanceof ProviderError && !err.noAnswer) return "Instagram refused the webhook subscription. Try Resubscribe; if it keeps failing, reconnect the account.";
  return "Instagram did not answer. Try again in a few minutes.";
}

async function recordWebhook(db: DbOrTx, connectionId: string, status: TInboxWebhookStatus, error: string | null): Promise<void> {
  const patch = { inboxWebhook: status, inboxWebhookCheckedAt: new Date().toISOString(), inboxWebhookError: error ?? "" };
  await db
    .update(socialConnections)
    .set({ details: sql`${socialConnections.details} || ${JSON.stringify(patch)}::jsonb` })
    .where(eq(socialConnections.id, connectionId));
}

/** Subscribes the account to its webhook fields and records the outcome. Never throws. */
async function subscribeAndRecord(db: DbOrTx, connection: TSocialConnection, auth: MessagingAuth): Promise<boolean> {
  try {
    await subscribeInstagramAccount(connection.providerAccountId, INSTAGRAM_LOGIN_WEBHOOK_FIELDS, auth);
    await recordWebhook(db, connection.id, "subscribed", null);
    return true;
  } catch (err) {
    log.warn({ err, connectionId: connection.id }, "instagram login account not subscribed to webhooks");
    await recordWebhook(db, connection.id, "not_subscribed", webhookErrorText(err));
    return false;
  }
}

/** The account's messaging auth when it can bring DMs in (usable, with the messaging permission); else null. */
async function inboxAuthOf(db: DbOrTx, connection: TSocialConnection): Promise<MessagingAuth | null> {
  if (connection.platform !== INSTAGRAM_LOGIN_PLATFORM || !connection.scopes?.includes(INSTAGRAM_LOGIN_MESSAGING_SCOPE)) return null;
  return messagingAuthFor(db, { organizationId: connection.organizationId, channel: "instagram", accountId: connection.providerAccountId, via: "instagram_login" }).catch(() => null);
}

/**
 * Asks Instagram whether the account is still subscribed (`GET …/subscribed_apps` lists
 * `messages`) and records it; a subscription that is gone is put back once (Meta drops them behind
 * the app's back: SECURITY W4). Null when the account cannot bring DMs in or Instagram did not
 * answer (the last known state stays, with the error).
 */
export async function checkInstagramLoginWebhook(db: DbOrTx, connection: TSocialConnection, client?: HttpClient): Promise<TInboxWebhookStatus | null> {
  const auth = await inboxAuthOf(db, connection);
  if (!auth) return null;
  let fields: string[];
  try {
    fields = await instagramAccountSubscribedFields(connection.providerAccountId, { ...auth, client });
  } catch (err) {
    log.warn({ err, connectionId: connection.id }, "instagram login webhook check failed");
    await db
      .update(socialConnections)
      .set({ details: sql`${socialConnections.details} || ${JSON.stringify({ inboxWebhookError: webhookErrorText(err), inboxWebhookCheckedAt: new Date().toISOString() })}::jsonb` })
      .where(eq(socialConnections.id, connection.id));
    return null;
  }
  if (INSTAGRAM_LOGIN_WEBHOOK_FIELDS.every((f) => fields.includes(f))) {
    await recordWebhook(db, connection.id, "subscribed", null);
    return "subscribed";
  }
  return (await subscribeAndRecord(db, connection, { ...auth, client })) ? "subscribed" : "not_subscribed";
}

/**
 * "Resubscribe" on an Instagram Login card: subscribes the organization's account again and says
 * how it went. Another organization's connection (or one that cannot bring DMs in) is not found (A1).
 */
export async function resubscribeInstagramLogin(db: DbOrTx, organizationId: string, connectionId: string, client?: HttpClient): Promise<{ status: TInboxWebhookStatus; error: string | null } | null> {
  const [connection] = await db
    .select()
    .from(socialConnections)
    .where(and(eq(socialConnections.id, connectionId), eq(socialConnections.organizationId, organizationId), eq(socialConnections.platform, INSTAGRAM_LOGIN_PLATFORM)));
  const auth = connection ? await inboxAuthOf(db, connection) : null;
  if (!connection || !auth) return null;
  const ok = await subscribeAndRecord(db, connection, { ...auth, client });
  const [after] = await db.select({ details: socialConnections.details }).from(socialConnections).where(eq(socialConnections.id, connectionId));
  return { status: ok ? "subscribed" : "not_subscribed", error: after?.details.inboxWebhookError || null };
}

/** Every usable Instagram Login account that brings DMs in: checked by the hourly reconcile. */
export async function checkAllInstagramLoginWebhooks(db: DbOrTx, client?: HttpClient): Promise<{ checked: number; subscribed: number; notSubscribed: number }> {
  const rows = await db.select().from(socialConnections).where(eq(socialConnections.platform, INSTAGRAM_LOGIN_PLATFORM));
  const out = { checked: 0, subscribed: 0, notSubscribed: 0 };
  for (const row of rows) {
    if (!isUsable(row.status)) continue;
    const status = await checkInstagramLoginWebhook(db, row, client);
    if (status === null) continue;
    out.checked++;
    if (status === "subscribed") out.subscribed++;
    else out.notSubscribed++;
  }
  return out;
}
