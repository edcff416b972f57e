import "server-only";
import type { HttpClient } from "@/lib/http";
import type { ClientCredentials } from "@/lib/providers/types";
import { appAccessToken, graphCall } from "./graph";
import { ZAppSubscriptions, ZGraphSuccess, ZSubscribedApps } from "./schema";
import { parseGraphError } from "./transform";

/** The `subscriptions` resource: webhooks at the Page level (Page token) and the app level (app token). */

/** Subscribes our app to the Page's webhook fields (needs the Page token and pages_manage_metadata). */
export async function subscribePage(pageId: string, pageToken: string, fields: readonly string[], creds: ClientCredentials, client?: HttpClient): Promise<void> {
  const r = await graphCall("POST", `${pageId}/subscribed_apps`, ZGraphSuccess, {
    token: pageToken,
    creds,
    form: { subscribed_fields: fields.join(",") },
    client,
  });
  if (!r.success) throw parseGraphError(502, undefined);
}

/** Removes our app from the Page's webhooks. */
export async function unsubscribePage(pageId: string, pageToken: string, creds: ClientCredentials, client?: HttpClient): Promise<void> {
  await graphCall("DELETE", `${pageId}/subscribed_apps`, ZGraphSuccess, { token: pageToken, creds, client });
}

export interface PageSubscribedApp {
  /** The app's id (Meta always returns it; absent only in a malformed answer). */
  id: string | undefined;
  subscribedFields: string[];
}

/**
 * Every app subscribed to the Page's webhooks, with its fields (Page token). It lists every app
 * and never stands in another app's entry for ours: a reconcile must see that our app is gone
 * even when another app (a chatbot, a CRM) is still subscribed.
 */
export async function pageSubscribedApps(pageId: string, pageToken: string, creds: ClientCredentials, client?: HttpClient): Promise<PageSubscribedApp[]> {
  const r = await graphCall("GET", `${pageId}/subscribed_apps`, ZSubscribedApps, { token: pageToken, creds, client });
  return r.data.map((a) => ({ id: a.id, subscribedFields: a.subscribed_fields ?? [] }));
}

export interface AppSubscription {
  object: string;
  callbackUrl: string | undefined;
  active: boolean;
  fields: string[];
}

/** The app-level webhook subscriptions (app token). */
export async function listAppSubscriptions(creds: ClientCredentials, client?: HttpClient): Promise<AppSubscription[]> {
  const r = await graphCall("GET", `${creds.clientId}/subscriptions`, ZAppSubscriptions, { token: appAccessToken(creds), creds, client });
  return r.data.map((s) => ({
    object: s.object,
    callbackUrl: s.callback_url,
    active: s.active !== false,
    fields: (s.fields ?? []).map((f) => (typeof f === "string" ? f : f.name)),
  }));
}

/** Creates or updates the app-level subscription for one object; Meta verifies the callback URL first. */
export async function subscribeApp(
  input: { object: string; callbackUrl: string; verifyToken: string; fields: readonly string[] },
  creds: ClientCredentials,
  client?: HttpClient,
): Promise<void> {
  const r = await graphCall("POST", `${creds.clientId}/subscriptions`, ZGraphSuccess, {
    token: appAccessToken(creds),
    creds,
    form: { object: input.object, callback_url: input.callbackUrl, verify_token: input.verifyToken, fields: input.fields.join(",") },
    client,
  });
  if (!r.success) throw parseGraphError(502, undefined);
}
