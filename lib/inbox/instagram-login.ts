import "server-only";
import type { DbOrTx } from "@/db/client";
import { and, eq } from "drizzle-orm";
import { socialConnections, type TSocialConnection } from "@/db/schema";
import { isUsable } from "@/lib/connections/status";
import { INSTAGRAM_LOGIN_PLATFORM } from "@/lib/connections/instagram-login-connection";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { ensureAppSubscriptions } from "@/lib/meta-messaging/webhooks";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import { subscribeInstagramAccount } from "@/lib/providers/facebook/messages";
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
  let subscribed = false;
  try {
    await subscribeInstagramAccount(connection.providerAccountId, INSTAGRAM_LOGIN_WEBHOOK_FIELDS, { ...auth, client });
    subscribed = true;
  } catch (err) {
    log.warn({ err, connectionId: connection.id }, "instagram login account not subscribed to webhooks");
  }
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
