import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { socialConnections, type TSocialConnection } from "@/db/schema";
import { env } from "@/lib/env";
import { childLogger } from "@/lib/log";
import { getOAuthProvider, targetOf } from "@/lib/providers";
import { findConnection } from "./queries";
import { readAccessToken } from "./store";

const log = childLogger({ module: "connections" });

/**
 * Revokes a connection's token at its provider where the provider has a revoke endpoint (X,
 * LinkedIn). Best effort: a failed revoke is logged and never keeps the caller from deleting the
 * row. Meta's providers have none per connection (see lib/providers/facebook/provider.ts).
 */
export async function revokeAtProvider(row: TSocialConnection): Promise<void> {
  const provider = getOAuthProvider(row.platform);
  if (!provider?.revokeToken) return;
  const target = targetOf(provider, row.appType);
  const credentials = provider.oauth.credentials(env(), target);
  if (!credentials) return;
  try {
    await provider.revokeToken(readAccessToken(row), { env: env(), target, credentials });
  } catch (err) {
    log.warn({ connectionId: row.id, platform: row.platform, err }, "revoke failed; deleting anyway");
  }
}

/**
 * Disconnects one connection of an organization: revokes at the provider where it can (best
 * effort: a failed revoke never keeps the row), then deletes the row. False when not found (A1).
 */
export async function disconnectConnection(db: DbOrTx, input: { organizationId: string; id: string }): Promise<boolean> {
  const row = await findConnection(db, input.organizationId, input.id);
  if (!row) return false;
  await revokeAtProvider(row);
  const deleted = await db
    .delete(socialConnections)
    .where(and(eq(socialConnections.id, row.id), eq(socialConnections.organizationId, input.organizationId)))
    .returning({ id: socialConnections.id });
  return deleted.length > 0;
}
