import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { socialConnections } from "@/db/schema";
import type { HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import type { CallbackPurpose } from "@/lib/oauth/callback";
import { failureCodeOf } from "@/lib/oauth/engine";
import { getProvider } from "@/lib/providers";
import type { ClientCredentials, RemoveAppHooks } from "@/lib/providers/types";
import { failureLocation, SOCIAL_CALLBACK_LIMIT } from "./connect-purpose";
import { sealRemovedAppFlash } from "./flash";

const log = childLogger({ module: "connections" });

export interface RemoveAppResult {
  /** Display names of the connections deleted (their tokens are dead). */
  removed: string[];
  /** Display names of this organization's connections of those platforms that do not say which provider user made them (left alone). */
  check: string[];
}

/** The platform's "Remove Switchboard" hooks (lib/providers), or null when it offers none. */
export function removeAppHooksOf(platform: string): RemoveAppHooks | null {
  const provider = getProvider(platform);
  return (provider?.kind === "oauth2" && provider.removeApp) || null;
}

/**
 * "Remove Switchboard from <platform>": with a fresh user token (a login with the fewest scopes),
 * revokes the app at the provider (Facebook: `me?fields=id`, then `DELETE me/permissions`: every
 * user and Page token they gave us dies), then deletes this organization's connections that
 * user's grant backed (`hooks.grantedBy(details)`). Nothing is deleted when the provider call
 * fails (it throws). Connections that do not record who granted them are left and listed in `check`.
 */
export async function removeAppFromProvider(
  db: DbOrTx,
  input: { organizationId: string; hooks: RemoveAppHooks; userToken: string; credentials: ClientCredentials; client?: HttpClient },
): Promise<RemoveAppResult> {
  const { hooks } = input;
  const providerUserId = await hooks.revoke(input.userToken, input.credentials, input.client);
  return db.transaction(async (tx) => {
    const inOrg = and(eq(socialConnections.organizationId, input.organizationId), inArray(socialConnections.platform, [...hooks.connectionPlatforms]));
    const rows = await tx.select().from(socialConnections).where(inOrg);
    const dead = rows.filter((r) => hooks.grantedBy(r.details) === providerUserId);
    const unknown = rows.filter((r) => !hooks.grantedBy(r.details));
    if (dead.length) {
      await tx.delete(socialConnections).where(and(inOrg, inArray(socialConnections.id, dead.map((r) => r.id))));
    }
    log.info({ organizationId: input.organizationId, removed: dead.length, unknown: unknown.length }, "removed Switchboard from a provider account");
    return { removed: dead.map((r) => r.displayName), check: unknown.map((r) => r.displayName) };
  });
}

/** After "Remove Switchboard from <platform>": the Connections page says what was removed and what to check (sealed, never plain text). */
export async function removedAppLocation(organizationId: string, platform: string, result: RemoveAppResult): Promise<string> {
  const q = new URLSearchParams({ removed_app: platform, flash: await sealRemovedAppFlash(organizationId, result) });
  return `/connections?${q.toString()}`;
}

/**
 * The `facebook_remove_app` purpose: started only by the Disconnect dialog's confirmed POST
 * (`beginRemoveApp`), it comes back to the platform's connect callback; the flow cookie tells
 * it from a connect. Served for every platform whose provider has `removeApp` hooks.
 */
export const removeAppPurpose: CallbackPurpose<"facebook_remove_app"> = {
  name: "facebook_remove_app",
  provider: (platform) => removeAppHooksOf(platform)?.login ?? null,
  callbackLimit: SOCIAL_CALLBACK_LIMIT,
  screenCode: (code, caller) => (!caller && code === "session_mismatch" ? "signed_out" : code),
  // No target to connect again with: the Connections page only names what happened.
  failureLocation: ({ code, platform, missingScopes }) => failureLocation(code, platform, { missingScopes }),
  async handle(db, { platform, token, ctx, caller }) {
    const { organizationId } = caller!;
    try {
      const removed = await removeAppFromProvider(db, { organizationId, hooks: removeAppHooksOf(platform)!, userToken: token.accessToken, credentials: ctx.credentials });
      return { kind: "done", location: await removedAppLocation(organizationId, platform, removed) };
    } catch (err) {
      // No connection was deleted. A failed provider call (a ProviderError / HttpError) leaves the
      // app on the person's account: provider_unavailable. Anything else (e.g. the database after
      // a successful revoke) is internal.
      log.warn({ platform, err }, "removing Switchboard from the provider failed");
      const code = failureCodeOf(err, platform);
      return { kind: "failed", code: code === "internal" ? code : "provider_unavailable" };
    }
  },
};
