import "server-only";
import type { DbOrTx } from "@/db/client";
import { env } from "@/lib/env";
import type { HttpClient } from "@/lib/http";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import { fetchGrantedPages } from "@/lib/providers/facebook/pages";
import type { FacebookPage } from "@/lib/providers/facebook/transform";
import { childLogger } from "@/lib/log";
import { PROVIDER_FAILURE_CODES } from "@/lib/errors/provider";
import { ProviderError } from "@/lib/providers/types";
import { META_ERROR_MESSAGES, MetaMessagingError } from "./errors";
import { storePendingPages } from "./pending";
import { saveAndSubscribePage } from "./replace";

const log = childLogger({ module: "meta-messaging" });

export type TAuthorizationOutcome = { kind: "saved"; pageId: string; webhooks: boolean } | { kind: "select"; count: number } | { kind: "no_pages" };

/**
 * Every Page with its token and linked Instagram account, in one paged, field-expanded listing
 * batched with the granted permissions (one upstream request for up to 100 Pages). Pass the
 * long-lived user token: Page tokens listed with it do not expire. A permission turned off in
 * the dialog ends with `missing_scopes` naming it.
 */
export async function fetchMessagingPages(longLivedUserToken: string, client?: HttpClient): Promise<FacebookPage[]> {
  return (await fetchMessagingAuthorization(longLivedUserToken, client)).pages;
}

/** The Pages and who granted them (the app-scoped Facebook user id Meta's deauthorize callback names). */
export async function fetchMessagingAuthorization(longLivedUserToken: string, client?: HttpClient): Promise<{ pages: FacebookPage[]; facebookUserId: string | null }> {
  const creds = facebookCredentials(env());
  if (!creds) throw new MetaMessagingError("not_configured");
  let granted: Awaited<ReturnType<typeof fetchGrantedPages>>;
  try {
    granted = await fetchGrantedPages("messaging", { accessToken: longLivedUserToken }, { credentials: creds }, client);
  } catch (err) {
    throw toMetaError(err);
  }
  if (!granted.ok) throw new MetaMessagingError("missing_scopes", `${META_ERROR_MESSAGES.missing_scopes} Missing: ${granted.missingScopes.join(", ")}.`);
  return { pages: granted.pages, facebookUserId: granted.facebookUserId };
}

/** Maps a provider failure during the connect to the code the page explains (lib/errors/provider.ts). */
export function toMetaError(err: unknown): unknown {
  if (!(err instanceof ProviderError)) return err;
  log.warn({ kind: err.kind, providerCode: err.providerCode, status: err.status, detail: err.message }, "meta messaging: Graph call failed");
  // A malformed request is our bug, not the person's: `internal`, said generically (the log has Meta's words).
  return new MetaMessagingError(PROVIDER_FAILURE_CODES[err.kind]);
}

/**
 * What the callback does once it holds the user token: 1 Page → saved and subscribed; several →
 * kept five minutes for the picker; none → no_pages.
 */
export async function completeMetaAuthorization(
  db: DbOrTx,
  input: { organizationId: string; userId: string; /** The long-lived user token. */ userAccessToken: string },
  client?: HttpClient,
): Promise<TAuthorizationOutcome> {
  const { pages, facebookUserId } = await fetchMessagingAuthorization(input.userAccessToken, client);
  if (pages.length === 0) return { kind: "no_pages" };
  if (pages.length === 1) {
    const p = pages[0]!;
    const page = {
      pageId: p.id,
      name: p.name,
      pictureUrl: p.pictureUrl,
      instagramBusinessAccountId: p.instagram?.id ?? null,
      instagramUsername: p.instagram?.username ?? null,
      pageAccessToken: p.accessToken,
      facebookUserId,
    };
    const sub = await saveAndSubscribePage(db, { organizationId: input.organizationId, userId: input.userId, page }, client);
    return { kind: "saved", pageId: p.id, webhooks: sub.ok };
  }
  await storePendingPages(db, { organizationId: input.organizationId, userId: input.userId, pages, facebookUserId });
  return { kind: "select", count: pages.length };
}
