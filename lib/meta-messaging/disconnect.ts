import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { organizationMetaSettings } from "@/db/schema";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { unsubscribePage } from "@/lib/providers/facebook/subscriptions";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import { MetaMessagingError } from "./errors";
import { findMetaSettings, pageTokenOf } from "./settings";

const log = childLogger({ module: "meta-messaging" });

/**
 * Unsubscribes the Page from our webhooks (best effort) and deletes the organization's settings
 * row — and nothing else: conversations and messages stay (nothing references the row).
 */
export async function disconnectMeta(db: DbOrTx, organizationId: string, client?: HttpClient): Promise<{ unsubscribed: boolean }> {
  const settings = await findMetaSettings(db, organizationId);
  if (!settings) throw new MetaMessagingError("not_connected");
  let unsubscribed = false;
  const creds = facebookCredentials(env());
  try {
    if (creds) {
      await unsubscribePage(settings.facebookPageId, pageTokenOf(settings), creds, client);
      unsubscribed = true;
    }
  } catch (err) {
    log.warn({ err, organizationId, pageId: settings.facebookPageId }, "meta unsubscribe failed; disconnecting anyway");
  }
  await db.delete(organizationMetaSettings).where(eq(organizationMetaSettings.id, settings.id));
  return { unsubscribed };
}
