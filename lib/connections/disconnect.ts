import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { socialConnections } from "@/db/schema";
import { env } from "@/lib/env";
import { childLogger } from "@/lib/log";
import { getOAuthProvider } from "@/lib/providers";
import { findConnection } from "./queries";
import { readAccessToken } from "./store";

const log = childLogger({ module: "connections" });

/**
 * Disconnects one connection of an organization: revokes at the provider where it can (best
 * effort: a failed revoke never keeps the row), then deletes the row. False when not found (A1).
 */
export async function disconnectConnection(db: DbOrTx, input: { organizationId: string; id: string }): Promise<boolean> {
  const row = await findConnection(db, input.organizationId, input.id);
  if (!row) return false;
  const provider = getOAuthProvider(row.platform);
  if (provider?.revokeToken) {
    const target = provider.oauth.targets.includes(row.appType) ? row.appType : (provider.oauth.targets[0] ?? "default");
    const credentials = provider.oauth.credentials(env(), target);
    if (credentials) {
      try {
        await provider.revokeToken(readAccessToken(row), { env: env(), target, credentials });
      } catch (err) {
        log.warn({ connectionId: row.id, platform: row.platform, err }, "revoke failed; disconnecting anyway");
      }
    }
  }
  const deleted = await db
    .delete(socialConnections)
    .where(and(eq(socialConnections.id, row.id), eq(socialConnections.organizationId, input.organizationId)))
    .returning({ id: socialConnections.id });
  return deleted.length > 0;
}
