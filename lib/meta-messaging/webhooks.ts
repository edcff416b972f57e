import "server-only";
import type { DbOrTx } from "@/db/client";
import { env } from "@/lib/env";
import { HttpError, type HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { listAppSubscriptions, subscribeApp, subscribePage } from "@/lib/providers/facebook/subscriptions";
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

/**
 * Meta's answers that only the person can fix by connecting again: #190 (the Page token is
 * invalid — password changed, app removed, role lost) and #10/#200–#299 (a permission is gone).
 */
export function isPageAccessLost(err: unknown): boolean {
  return err instanceof ProviderError && (err.kind === "auth" || err.kind === "permission");
}

/**
 * A short code for a failed Graph call, stored on the row and shown on the card: Meta's own
 * (`190/458`, `2`), else `http_<status>`, `network`, `timeout`, or `internal`. Never a message.
 */
export function graphErrorCode(err: unknown): string {
  // No answer: the transport's own word (timeout, network).
  if (err instanceof ProviderError && err.noAnswer && err.cause instanceof HttpError) return graphErrorCode(err.cause);
  if (err instanceof ProviderError) return err.providerCode ?? (err.status ? `http_${err.status}` : err.kind);
  if (err instanceof HttpError) return err.kind === "timeout" || err.kind === "network" ? err.kind : err.status ? `http_${err.status}` : err.kind;
  return "internal";
}

/** What a person reads when subscribing failed (Meta's own message names the problem; never a token). */
function failureText(err: unknown, stage: "page" | "app"): string {
  if (err instanceof ProviderError) {
    if (err.kind === "auth" && stage === "app") return "Facebook refused this server's Meta app credentials (app id or secret). Tell your administrator; the server log has the details.";
    if (err.kind === "auth") return "Facebook no longer accepts the Page's access (the token was revoked or expired). Connect again.";
    if (err.kind === "permission") return `Facebook refused: ${err.message} Connect again and keep "Manage Page settings" (pages_manage_metadata) ticked.`;
    if (err.kind === "rate_limit") return "Facebook is limiting requests right now. Retry in a few minutes.";
    return `Facebook answered: ${err.message}`;
  }
  return "Facebook could not be reached. Retry in a few minutes.";
}

export interface TSubscribeResult {
  ok: boolean;
  /** What the card says (never a token). */
  error?: string;
  /** graphErrorCode of the failure. */
  errorCode?: string;
  /** The Page token was refused (#190) or lacks a permission (#10/#200): marked needs_reconnect. */
  tokenDead?: boolean;
}

/**
 * Subscribes the organization's Page to Messenger webhooks (Page level) and makes sure the app
 * listens for `page` and `instagram` events (app level). A failure is recorded on the row, never
 * thrown: the Page stays saved and the card offers "Retry subscription".
 */
export async function subscribeOrganizationWebhooks(db: DbOrTx, organizationId: string, client?: HttpClient): Promise<TSubscribeResult> {
  const settings = await findMetaSettings(db, organizationId);
  if (!settings) return { ok: false, error: "No Page is connected." };
  const creds = facebookCredentials(env());
  // Only the Page-level call uses the Page token: an app-level 190 is the app's secret, not the Page's access.
  let stage: "page" | "app" = "page";
  try {
    if (!creds) throw new ProviderError("invalid_input", "The Meta app is not configured (FACEBOOK_APP_ID, FACEBOOK_APP_SECRET).");
    await subscribePage(settings.facebookPageId, pageTokenOf(settings), PAGE_WEBHOOK_FIELDS, creds, client);
    stage = "app";
    await ensureAppSubscriptions(creds, client);
    await setWebhookStatus(db, settings.id, { ok: true });
    return { ok: true };
  } catch (err) {
    const error = failureText(err, stage);
    const tokenDead = stage === "page" && isPageAccessLost(err);
    log.warn({ err, organizationId, pageId: settings.facebookPageId, stage }, "meta webhook subscription failed");
    await setWebhookStatus(db, settings.id, { ok: false, error, tokenDead });
    return { ok: false, error, errorCode: graphErrorCode(err), ...(tokenDead ? { tokenDead } : {}) };
  }
}
