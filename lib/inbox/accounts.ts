import "server-only";
import { isUsable } from "@/lib/connections/status";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { organizationMetaSettings, socialConnections, type TConversation } from "@/db/schema";
import { env } from "@/lib/env";
import { readAccessToken } from "@/lib/connections/store";
import { INSTAGRAM_LOGIN_PLATFORM } from "@/lib/connections/instagram-login-connection";
import { pageTokenOf } from "@/lib/meta-messaging/settings";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import { GRAPH_HOST, INSTAGRAM_GRAPH_HOST, type MessagingAuth } from "@/lib/providers/facebook/messages";
import type { TWebhookApp } from "./signature";

export type TChannel = "messenger" | "instagram";
export type TVia = "page" | "instagram_login";

/** An organization that linked the account an event is for. */
export interface TLinkedAccount {
  organizationId: string;
  channel: TChannel;
  via: TVia;
  /** The Meta settings row (via page), for the card's last-event time. */
  settingsId?: string;
}

/**
 * Who linked the account of an event: a Page (object `page`) or its Instagram account (object
 * `instagram`, signed by the Facebook app) through the organization's Meta settings; an
 * Instagram Login account (signed by the Instagram app) through its connection. Empty = nobody:
 * the event is acknowledged and dropped.
 */
export async function findLinkedAccounts(db: DbOrTx, object: "page" | "instagram", accountId: string, app: TWebhookApp): Promise<TLinkedAccount[]> {
  if (app === "instagram") {
    if (object !== "instagram") return [];
    const rows = await db
      .select({ organizationId: socialConnections.organizationId })
      .from(socialConnections)
      .where(and(eq(socialConnections.platform, INSTAGRAM_LOGIN_PLATFORM), eq(socialConnections.providerAccountId, accountId)));
    return rows.map((r) => ({ organizationId: r.organizationId, channel: "instagram", via: "instagram_login" }));
  }
  const column = object === "page" ? organizationMetaSettings.facebookPageId : organizationMetaSettings.instagramBusinessAccountId;
  const rows = await db.select({ organizationId: organizationMetaSettings.organizationId, id: organizationMetaSettings.id }).from(organizationMetaSettings).where(eq(column, accountId));
  return rows.map((r) => ({ organizationId: r.organizationId, channel: object === "page" ? "messenger" : "instagram", via: "page", settingsId: r.id }));
}

/**
 * The token a conversation's replies go out with, or null when its account is no longer linked
 * (disconnected: the conversation stays readable, read-only).
 */
export async function messagingAuthFor(db: DbOrTx, conversation: Pick<TConversation, "organizationId" | "channel" | "accountId" | "via">): Promise<MessagingAuth | null> {
  const e = env();
  if (conversation.via === "instagram_login") {
    if (!e.INSTAGRAM_APP_ID || !e.INSTAGRAM_APP_SECRET) return null;
    const [row] = await db
      .select()
      .from(socialConnections)
      .where(and(eq(socialConnections.organizationId, conversation.organizationId), eq(socialConnections.platform, INSTAGRAM_LOGIN_PLATFORM), eq(socialConnections.providerAccountId, conversation.accountId)))
      .limit(1);
    if (!row || !isUsable(row.status)) return null;
    return { token: readAccessToken(row), creds: { clientId: e.INSTAGRAM_APP_ID, clientSecret: e.INSTAGRAM_APP_SECRET }, host: INSTAGRAM_GRAPH_HOST };
  }
  const creds = facebookCredentials(e);
  if (!creds) return null;
  const column = conversation.channel === "messenger" ? organizationMetaSettings.facebookPageId : organizationMetaSettings.instagramBusinessAccountId;
  const [row] = await db
    .select()
    .from(organizationMetaSettings)
    .where(and(eq(organizationMetaSettings.organizationId, conversation.organizationId), eq(column, conversation.accountId)))
    .limit(1);
  if (!row || row.tokenStatus === "needs_reconnect") return null;
  return { token: pageTokenOf(row), creds, host: GRAPH_HOST, pageId: row.facebookPageId };
}
