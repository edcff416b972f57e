import "server-only";
import type { DbOrTx } from "@/db/client";
import type { TSocialConnection } from "@/db/schema";
import { getOAuthProvider } from "@/lib/providers";
import { ProviderError } from "@/lib/providers/types";
import { markNeedsReconnectOnAuthError } from "./mark";
import { canRefresh, getFreshAccessToken, NeedsReconnectError } from "./refresh";

/**
 * The one way to call a provider with a connection's token (publishing, checks, inbox…):
 * gets a fresh token (refreshing if due, one refresh at a time — J1), runs `call`, and on a
 * provider auth error (Meta 190, X/LinkedIn/Telegram 401 — `ProviderError` kind `auth`):
 * - for a token we can renew, refreshes once more (forced, by the version used) and retries once;
 * - otherwise — or if the retry is refused too — marks the connection needs_reconnect at once,
 *   notifies its workspace once, and throws `NeedsReconnectError` (its `cause` is the provider's error).
 * Any other error (5xx, network, rate limit) is rethrown and changes nothing (J3).
 * `organizationId` scopes the connection (A1): another organization's id is not found.
 */
export async function withConnectionToken<T>(
  db: DbOrTx,
  connectionId: string,
  options: { organizationId: string },
  call: (accessToken: string, connection: TSocialConnection) => Promise<T>,
): Promise<T> {
  const first = await getFreshAccessToken(db, connectionId, { organizationId: options.organizationId });
  try {
    return await call(first.accessToken, first.connection);
  } catch (error) {
    if (!(error instanceof ProviderError) || error.kind !== "auth") throw error;
    if (!canRefresh(getOAuthProvider(first.connection.platform))) return dead(db, first.connection, error);
    // The token may just have expired early: one forced refresh, then one retry.
    const again = await getFreshAccessToken(db, connectionId, { organizationId: options.organizationId, force: { seenVersion: first.connection.tokenVersion } });
    try {
      return await call(again.accessToken, again.connection);
    } catch (retryError) {
      if (retryError instanceof ProviderError && retryError.kind === "auth") return dead(db, again.connection, retryError);
      throw retryError;
    }
  }
}

async function dead(db: DbOrTx, connection: TSocialConnection, error: ProviderError): Promise<never> {
  await markNeedsReconnectOnAuthError(db, connection, error);
  throw new NeedsReconnectError(connection.id, { cause: error });
}
