import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { socialConnections } from "@/db/schema";
import type { HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { facebookUserIdOf, revokeAllPermissions } from "@/lib/providers/facebook/api";
import type { ClientCredentials } from "@/lib/providers/types";

const log = childLogger({ module: "connections" });

/** The flow `extra.intent` of a Facebook Login that removes Switchboard from the person's Facebook account. */
export const REMOVE_APP_INTENT = "remove_app";

/** The platforms whose connections hold Page tokens from Facebook Login. */
const FACEBOOK_LOGIN_PLATFORMS = ["facebook", "instagram"];

export interface RemoveAppResult {
  /** Display names of the connections deleted (their Page tokens are dead). */
  removed: string[];
  /** Display names of this organization's facebook/instagram connections that do not say which Facebook user made them (left alone). */
  check: string[];
}

/**
 * "Remove Switchboard from Facebook": with a fresh user token (a public_profile-only login), asks
 * who the user is (`me?fields=id`), removes the app (`DELETE me/permissions`: every user and Page
 * token they gave us dies), then deletes this organization's facebook and instagram connections
 * that user made (`details.facebookUserId`). Nothing is deleted when either call fails (it throws).
 * Connections connected before we kept the Facebook user id are left and listed in `check`.
 */
export async function removeAppFromFacebook(
  db: DbOrTx,
  input: { organizationId: string; userToken: string; credentials: ClientCredentials; client?: HttpClient },
): Promise<RemoveAppResult> {
  const facebookUserId = await facebookUserIdOf(input.userToken, input.credentials, input.client);
  await revokeAllPermissions(input.userToken, input.credentials, input.client);
  return db.transaction(async (tx) => {
    const inOrg = and(eq(socialConnections.organizationId, input.organizationId), inArray(socialConnections.platform, FACEBOOK_LOGIN_PLATFORMS));
    const rows = await tx.select().from(socialConnections).where(inOrg);
    const dead = rows.filter((r) => r.details?.facebookUserId === facebookUserId);
    const unknown = rows.filter((r) => !r.details?.facebookUserId);
    if (dead.length) {
      await tx.delete(socialConnections).where(and(inOrg, inArray(socialConnections.id, dead.map((r) => r.id))));
    }
    log.info({ organizationId: input.organizationId, removed: dead.length, unknown: unknown.length }, "removed Switchboard from a Facebook account");
    return { removed: dead.map((r) => r.displayName), check: unknown.map((r) => r.displayName) };
  });
}
