"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgAction, orgActionOf } from "@/lib/actions";
import {
  disconnectMetaPage,
  INTEGRATIONS_PATH,
  reconcileOrganizationWebhooks,
  selectMetaPage,
  subscribeOrganizationWebhooks,
} from "@/lib/meta-messaging";
import { rateLimit, rateLimitKey, retryAfterMessage } from "@/lib/rate-limit";

// Server actions of the Settings → Integrations → Meta card (owners and admins).

export const selectMetaPageAction = orgActionOf(selectMetaPage);

export const retryMetaSubscriptionAction = orgAction("admin", z.object({}), async (_input, ctx) => {
  const r = await subscribeOrganizationWebhooks(getDb(), ctx.org.organizationId);
  revalidatePath(INTEGRATIONS_PATH);
  if (!r.ok) fail("conflict", r.error ?? "The subscription failed again.");
  return { subscribed: true };
});

/**
 * "Check now": the hourly reconcile for this organization's Page, at once — asks Facebook whether
 * our app is still subscribed, resubscribes if not, and updates the token health.
 */
export const checkMetaConnectionAction = orgAction("admin", z.object({}), async (_input, ctx) => {
  // Each check is up to three Graph calls on the Page's and the app's quota.
  const limited = await rateLimit(getDb(), { key: rateLimitKey.org("meta-check", ctx.org.organizationId), limit: 10, windowMs: 10 * 60_000 });
  if (!limited.ok) fail("rate_limited", retryAfterMessage(limited.retryAfterSeconds));
  const outcome = await reconcileOrganizationWebhooks(getDb(), ctx.org.organizationId);
  if (!outcome) fail("not_found", "No Facebook Page is connected.");
  revalidatePath(INTEGRATIONS_PATH);
  return { outcome };
});

export const disconnectMetaAction = orgActionOf(disconnectMetaPage);
