import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { organizationMetaSettings, type TOrganizationMetaSettings } from "@/db/schema";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { unsubscribePage } from "@/lib/providers/facebook/subscriptions";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import { findMetaSettings, pageTokenOf, saveMetaPage, type TChosenPage } from "./settings";
import { requestBackfill } from "@/lib/inbox/backfill";
import { subscribeOrganizationWebhooks, type TSubscribeResult } from "./webhooks";

const log = childLogger({ module: "meta-messaging" });

/**
 * Saves the organization's messaging Page and subscribes it. When it replaces another Page, the
 * old Page is unsubscribed from our webhooks (best effort, with its own stored token) — unless
 * another organization still has it as its Page, whose messages must keep arriving.
 */
export async function saveAndSubscribePage(
  db: DbOrTx,
  input: { organizationId: string; userId: string; page: TChosenPage },
  client?: HttpClient,
): Promise<TSubscribeResult> {
  const previous = await findMetaSettings(db, input.organizationId);
  await saveMetaPage(db, input);
  const sub = await subscribeOrganizationWebhooks(db, input.organizationId, client);
  // History from before the link (or from the gap before a reconnect) comes in through a job.
  await requestBackfill(db, input.organizationId);
  if (previous && previous.facebookPageId !== input.page.pageId) await releasePage(db, previous, client);
  return sub;
}

async function releasePage(db: DbOrTx, old: TOrganizationMetaSettings, client?: HttpClient): Promise<void> {
  const ids = { organizationId: old.organizationId, pageId: old.facebookPageId };
  const [stillUsed] = await db
    .select({ id: organizationMetaSettings.id })
    .from(organizationMetaSettings)
    .where(and(eq(organizationMetaSettings.facebookPageId, old.facebookPageId), ne(organizationMetaSettings.organizationId, old.organizationId)))
    .limit(1);
  if (stillUsed) {
    log.info(ids, "replaced meta page stays subscribed: another organization uses it");
    return;
  }
  const creds = facebookCredentials(env());
  if (!creds) return;
  try {
    await unsubscribePage(old.facebookPageId, pageTokenOf(old), creds, client);
    log.info(ids, "replaced meta page unsubscribed");
  } catch (err) {
    // The old token may be dead (that is often why the Page was replaced); Meta then stops delivering anyway.
    log.warn({ ...ids, err }, "could not unsubscribe the replaced meta page");
  }
}
