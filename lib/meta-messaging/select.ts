import "server-only";
import type { DbOrTx } from "@/db/client";
import { MetaMessagingError } from "./errors";
import { takePendingPage } from "./pending";
import { saveMetaPage } from "./settings";
import { subscribeOrganizationWebhooks } from "./webhooks";

/** Saves the Page the person picked from their pending list, then subscribes its webhooks. */
export async function selectPendingPage(
  db: DbOrTx,
  input: { organizationId: string; userId: string; pageId: string },
): Promise<{ pageId: string; webhooks: boolean }> {
  const taken = await takePendingPage(db, input);
  if (!taken.ok) throw new MetaMessagingError(taken.code);
  await saveMetaPage(db, { organizationId: input.organizationId, userId: input.userId, page: taken.page });
  const sub = await subscribeOrganizationWebhooks(db, input.organizationId);
  return { pageId: taken.page.pageId, webhooks: sub.ok };
}
