import "server-only";
import type { DbOrTx } from "@/db/client";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { listAppSubscriptions, subscribeApp, subscribePage } from "@/lib/providers/facebook/api";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import { ProviderError, type ClientCredentials } from "@/lib/providers/types";
import { APP_WEBHOOK_SUBSCRIPTIONS, META_WEBHOOK_PATH, PAGE_WEBHOOK_FIELDS } from "./constants";
import { findMetaSettings, pageTokenOf, setWebhookStatus } from "./settings";

const log = childLogger({ module: "meta-messaging" });

export function metaWebhookUrl(): string {
  return new URL(META_WEBHOOK_PATH, env().APP_URL).toString();
}

/**
 * The app-level subscriptions for `page` and `instagram`, created only where missing or lacking a
 * field (idempotent: Meta verifies the callback URL on every POST, so we do not repeat them).
 */
export async function ensureAppSubscriptions(creds: ClientCredentials, client?: HttpClient): Promise<void> {
  const verifyToken = env().META_WEBHOOK_VERIFY_TOKEN;
  if (!verifyToken) throw new ProviderError("invalid_input", "META_WEBHOOK_VERIFY_TOKEN is not set on this server, so Meta cannot verify the webhook URL.");
  const callbackUrl = metaWebhookUrl();
  const existing = await listAppSubscriptions(creds, client);
  for (const wanted of APP_WEBHOOK_SUBSCRIPTIONS) {
    const have = existing.find((s) => s.object === wanted.object);
    const upToDate = have?.active && have.callbackUrl === callbackUrl && wanted.fields.every((f) => have.fields.includes(f));
    if (upToDate) continue;
    await subscribeApp({ object: wanted.object, callbackUrl, verifyToken, fields: wanted.fields }, creds, client);
  }
}

/** What a person reads when subscribing failed (Meta's own message names the problem; never a token). */
function failureText(err: unknown): string {
  if (err instanceof ProviderError) {
    if (err.kind === "auth") return "Facebook no longer accepts the Page's access (the token was revoked or expired). Connect again.";
    if (err.kind === "permission") return `Facebook refused: ${err.message} Connect again and keep "Manage Page settings" (pages_manage_metadata) ticked.`;
    if (err.kind === "rate_limit") return "Facebook is limiting requests right now. Retry in a few minutes.";
    return `Facebook answered: ${err.message}`;
  }
  return "Facebook could not be reached. Retry in a few minutes.";
}

/**
 * Subscribes the organization's Page to Messenger webhooks (Page level) and makes sure the app
 * listens for `page` and `instagram` events (app level). A failure is recorded on the row, never
 * thrown: the Page stays saved and the card offers "Retry subscription".
 */
export async function subscribeOrganizationWebhooks(db: DbOrTx, organizationId: string, client?: HttpClient): Promise<{ ok: boolean; error?: string }> {
  const settings = await findMetaSettings(db, organizationId);
  if (!settings) return { ok: false, error: "No Page is connected." };
  const creds = facebookCredentials(env());
  try {
    if (!creds) throw new ProviderError("invalid_input", "The Meta app is not configured (FACEBOOK_APP_ID, FACEBOOK_APP_SECRET).");
    await subscribePage(settings.facebookPageId, pageTokenOf(settings), PAGE_WEBHOOK_FIELDS, creds, client);
    await ensureAppSubscriptions(creds, client);
    await setWebhookStatus(db, settings.id, { ok: true });
    return { ok: true };
  } catch (err) {
    const error = failureText(err);
    log.warn({ err, organizationId, pageId: settings.facebookPageId }, "meta webhook subscription failed");
    await setWebhookStatus(db, settings.id, { ok: false, error, tokenDead: err instanceof ProviderError && err.kind === "auth" });
    return { ok: false, error };
  }
}
