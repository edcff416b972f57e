"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgAction } from "@/lib/actions";
import { disconnectMeta, INTEGRATIONS_PATH, MetaMessagingError, selectPendingPage, subscribeOrganizationWebhooks } from "@/lib/meta-messaging";

// Server actions of the Settings → Integrations → Meta card (owners and admins).

function failWith(err: unknown): never {
  if (err instanceof MetaMessagingError) {
    fail(err.code === "selection_expired" ? "conflict" : "not_found", err.message);
  }
  throw err;
}

export const selectMetaPageAction = orgAction("admin", z.object({ pageId: z.string().regex(/^\d{1,32}$/, "Pick a Page.") }), async (input, ctx) => {
  try {
    const r = await selectPendingPage(getDb(), { organizationId: ctx.org.organizationId, userId: ctx.user.id, pageId: input.pageId });
    revalidatePath(INTEGRATIONS_PATH);
    return { webhooks: r.webhooks, expired: false as const };
  } catch (err) {
    // The picker says so and offers Connect again.
    if (err instanceof MetaMessagingError && err.code === "selection_expired") return { webhooks: false, expired: true as const };
    failWith(err);
  }
});

export const retryMetaSubscriptionAction = orgAction("admin", z.object({}), async (_input, ctx) => {
  const r = await subscribeOrganizationWebhooks(getDb(), ctx.org.organizationId);
  revalidatePath(INTEGRATIONS_PATH);
  if (!r.ok) fail("conflict", r.error ?? "The subscription failed again.");
  return { subscribed: true };
});

export const disconnectMetaAction = orgAction("admin", z.object({}), async (_input, ctx) => {
  try {
    const r = await disconnectMeta(getDb(), ctx.org.organizationId);
    revalidatePath(INTEGRATIONS_PATH);
    return r;
  } catch (err) {
    failWith(err);
  }
});
