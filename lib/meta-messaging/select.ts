import "server-only";
import type { DbOrTx } from "@/db/client";
import { MetaMessagingError } from "./errors";
import { takePendingPage } from "./pending";
import { saveAndSubscribePage } from "./replace";

/** Saves the Page the person picked from their pending list, then subscribes its webhooks (and releases a Page it replaces). */
export async function selectPendingPage(
  db: DbOrTx,
  input: { organizationId: string; userId: string; pageId: string },
): Promise<{ pageId: string; webhooks: boolean }> {
  const taken = await takePendingPage(db, input);
  if (!taken.ok) throw new MetaMessagingError(taken.code);
  const sub = await saveAndSubscribePage(db, { organizationId: input.organizationId, userId: input.userId, page: taken.page });
  return { pageId: taken.page.pageId, webhooks: sub.ok };
}
