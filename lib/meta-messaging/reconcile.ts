import "server-only";
import { raiseNotification } from "@/lib/notifications";
import { and, asc, eq, gt, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { organizationMetaSettings, type TOrganizationMetaSettings } from "@/db/schema";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { forEachBatch } from "@/lib/jobs/batch";
import { childLogger } from "@/lib/log";
import { pageSubscribedApps } from "@/lib/providers/facebook/subscriptions";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import type { ClientCredentials } from "@/lib/providers/types";
import { PAGE_WEBHOOK_FIELDS } from "./constants";
import { findMetaSettings, pageTokenOf } from "./settings";
import { graphErrorCode, isPageAccessLost, subscribeOrganizationWebhooks } from "./webhooks";
import { requestBackfill } from "@/lib/inbox/backfill";
import { checkAllInstagramLoginWebhooks } from "@/lib/inbox/instagram-login";
import { defineQueue, ZScheduledPayload } from "@/lib/jobs/queue";

/**
 * Hourly (SECURITY W4): each organization's Page keeps our webhook subscription — GET
 * subscribed_apps, resubscribe where our app is missing, needs-reconnect on #190/#10/#200.
 * While a Page is unsubscribed Meta drops its messages (nothing is queued for us), so the
 * interval bounds what can be lost; one Page-token GET per Page per hour (24 a day) is far
 * below Meta's Page rate limits. "Check now" on the card runs the same check at once.
 */
export const metaMessagingReconcileQueue = defineQueue({ name: "meta-messaging-reconcile", schema: ZScheduledPayload, cron: "23 * * * *" });

// SECURITY W4: a Page can lose our webhook subscription behind our back (an admin removes the
// app in Business Settings, Meta drops it after a role change). Messages sent meanwhile never
// reach us, so a job looks at every connected Page and puts the subscription back.

const log = childLogger({ module: "meta-messaging.reconcile" });

const BATCH_SIZE = 25;

/**
 * - `subscribed`: our app is on the Page with every field (and the row says so).
 * - `resubscribed`: our app was missing or lacked a field; it is subscribed again.
 * - `retried`: the Page was fine but the row's last subscription had failed (e.g. the app level); both levels were redone.
 * - `needs_reconnect`: Meta refused the Page token (#190) or a permission is gone (#10/#200).
 * - `failed`: resubscribing failed for another reason (recorded on the row; the card offers Retry).
 * - `check_failed`: Facebook did not answer (5xx, network, rate limit…): only the check time and code change.
 */
export type TReconcileOutcome = "subscribed" | "resubscribed" | "retried" | "needs_reconnect" | "failed" | "check_failed";

export interface TReconcileRunResult {
  checked: number;
  subscribed: number;
  resubscribed: number;
  needsReconnect: number;
  failed: number;
  checkFailed: number;
}

type TRow = Pick<TOrganizationMetaSettings, "id" | "organizationId" | "facebookPageId" | "facebookPageName" | "pageAccessToken" | "webhookStatus">;

/** Only the check's own columns: what a failed check may change (and the token health, when Meta says so). */
async function recordCheck(db: DbOrTx, id: string, set: { error: string | null; tokenDead?: boolean; resubscribed?: boolean; subscribed?: boolean }) {
  await db
    .update(organizationMetaSettings)
    .set({
      webhookCheckedAt: sql`now()`,
      webhookCheckError: set.error,
      ...(set.tokenDead ? { tokenStatus: "needs_reconnect" } : {}),
      ...(set.resubscribed ? { webhookResubscribedAt: sql`now()` } : {}),
      ...(set.subscribed
        ? {
            webhookStatus: "subscribed",
            webhookError: null,
            tokenStatus: "active",
            webhookSubscribedAt: sql`coalesce(${organizationMetaSettings.webhookSubscribedAt}, now())`,
          }
        : {}),
      updatedAt: sql`now()`,
    })
    // By id: a reconnect meanwhile replaced the row (new id), and this check is not about it.
    .where(eq(organizationMetaSettings.id, id));
}

/** One organization's Page: read its subscribed apps, resubscribe when ours is missing, record what happened. */
async function reconcileRow(db: DbOrTx, row: TRow, creds: ClientCredentials, client?: HttpClient): Promise<TReconcileOutcome> {
  const ids = { organizationId: row.organizationId, pageId: row.facebookPageId };
  let ours: string[] | null;
  try {
    const apps = await pageSubscribedApps(row.facebookPageId, pageTokenOf(row), creds, client);
    ours = apps.find((a) => a.id === creds.clientId)?.subscribedFields ?? null;
  } catch (err) {
    const code = graphErrorCode(err);
    if (isPageAccessLost(err)) {
      await recordCheck(db, row.id, { error: code, tokenDead: true });
      log.warn({ ...ids, errorCode: code }, "meta page token no longer accepted; needs reconnect");
      // Once per linked Page (a reconnect saves a new row id).
      await raiseNotification(db, {
        kind: "connection_needs_reconnect",
        organizationId: row.organizationId,
        subject: `${row.facebookPageName} (Messenger) needs to be reconnected`,
        body: "Facebook no longer accepts Switchboard's access to this Page, so its messages stop arriving. Reconnect it in Settings → Integrations.",
        link: "/settings/tab/integrations",
        actionLabel: "Reconnect",
        dedupeKey: `meta-settings:${row.id}:needs_reconnect`,
      });
      return "needs_reconnect";
    }
    // 5xx, network, rate limit, anything unclear: nothing is known to be wrong with the Page.
    await recordCheck(db, row.id, { error: code });
    log.warn({ ...ids, errorCode: code }, "meta subscription check failed; next run retries");
    return "check_failed";
  }

  const missing = PAGE_WEBHOOK_FIELDS.filter((f) => !ours?.includes(f));
  if (missing.length === 0 && row.webhookStatus === "subscribed") {
    await recordCheck(db, row.id, { error: null, subscribed: true });
    return "subscribed";
  }
  // Missing at the Page, or the row's last attempt failed (perhaps at the app level, which the
  // Page's answer does not show): the one subscribe path redoes both levels and records the status.
  const drifted = missing.length > 0;
  if (drifted) log.warn({ ...ids, ourAppListed: ours !== null, missing }, "meta page webhooks missing; resubscribing");
  const r = await subscribeOrganizationWebhooks(db, row.organizationId, client);
  await recordCheck(db, row.id, { error: r.ok ? null : (r.errorCode ?? "internal"), resubscribed: r.ok && drifted });
  if (r.ok && drifted) {
    // Meta dropped what arrived while we were unsubscribed: close the gap from the Conversations API.
    await requestBackfill(db, row.organizationId);
    return "resubscribed";
  }
  if (r.ok) return "retried";
  return r.tokenDead ? "needs_reconnect" : "failed";
}

/** reconcileRow, but an unexpected error (a token that no longer decrypts, a database hiccup) stays with its row. */
async function reconcileSafely(db: DbOrTx, row: TRow, creds: ClientCredentials, client?: HttpClient): Promise<TReconcileOutcome> {
  try {
    return await reconcileRow(db, row, creds, client);
  } catch (err) {
    log.error({ organizationId: row.organizationId, pageId: row.facebookPageId, errName: err instanceof Error ? err.name : typeof err }, "meta reconcile failed for one row");
    try {
      await recordCheck(db, row.id, { error: "internal" });
    } catch {
      // The database itself failed; the next run tries again.
    }
    return "check_failed";
  }
}

const columns = {
  id: organizationMetaSettings.id,
  organizationId: organizationMetaSettings.organizationId,
  facebookPageId: organizationMetaSettings.facebookPageId,
  facebookPageName: organizationMetaSettings.facebookPageName,
  pageAccessToken: organizationMetaSettings.pageAccessToken,
  webhookStatus: organizationMetaSettings.webhookStatus,
};

/**
 * The scheduled job: every organization's Page whose token is not already known dead (only a
 * reconnect, or "Check now", changes those) is checked with `GET /{page-id}/subscribed_apps` and
 * resubscribed where our app is missing or lacks a field. One row's failure never stops the others.
 */
export async function runMetaWebhookReconcile(db: DbOrTx, options: { batchSize?: number; client?: HttpClient } = {}): Promise<TReconcileRunResult> {
  const result: TReconcileRunResult = { checked: 0, subscribed: 0, resubscribed: 0, needsReconnect: 0, failed: 0, checkFailed: 0 };
  // Instagram Login accounts subscribe on their own (no Page): checked, and put back, the same way.
  try {
    log.info(await checkAllInstagramLoginWebhooks(db, options.client), "instagram login webhook check done");
  } catch (err) {
    log.warn({ err }, "instagram login webhook check failed");
  }
  const creds = facebookCredentials(env());
  if (!creds) {
    log.info("Meta app not configured; no Page subscriptions to reconcile");
    return result;
  }
  const batchSize = options.batchSize ?? BATCH_SIZE;
  // A reconnect during the run gives the row a new id: keyset pages never read it twice.
  await forEachBatch(
    (after, limit) =>
      db
        .select(columns)
        .from(organizationMetaSettings)
        .where(and(ne(organizationMetaSettings.tokenStatus, "needs_reconnect"), after ? gt(organizationMetaSettings.id, after) : undefined))
        .orderBy(asc(organizationMetaSettings.id))
        .limit(limit),
    async (row) => {
      const outcome = await reconcileSafely(db, row, creds, options.client);
      result.checked++;
      if (outcome === "subscribed" || outcome === "retried") result.subscribed++;
      else if (outcome === "resubscribed") result.resubscribed++;
      else if (outcome === "needs_reconnect") result.needsReconnect++;
      else if (outcome === "failed") result.failed++;
      else result.checkFailed++;
    },
    { batchSize },
  );
  log.info(result, "meta webhook reconcile done");
  return result;
}

/**
 * "Check now" on the card: the same reconcile for one organization (A1: its own row only), also
 * when the token was marked needs_reconnect — Graph accepting it again clears the mark.
 * Null when no Page is connected.
 */
export async function reconcileOrganizationWebhooks(db: DbOrTx, organizationId: string, client?: HttpClient): Promise<TReconcileOutcome | null> {
  const row = await findMetaSettings(db, organizationId);
  if (!row) return null;
  const creds = facebookCredentials(env());
  if (!creds) {
    await recordCheck(db, row.id, { error: "not_configured" });
    return "check_failed";
  }
  return reconcileSafely(db, row, creds, client);
}
