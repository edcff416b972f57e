import { getTableName } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { socialConnections } from "./connections";
import { oauthFlows, pendingChoices } from "./oauth";
import { organizationMetaSettings } from "./meta";
import { connectorOauthSessions, connectors } from "./connectors";
import { emailOutbox } from "./notifications";
import { accessRequests, clientConnections } from "./agency";

/**
 * Every database column that holds a token encrypted with `lib/crypto` — the list
 * `npm run keys:rotate` walks to re-encrypt values under the current key.
 *
 * A feature that stores an encrypted token adds ONE line to `encryptedColumns` below, e.g.
 *
 *   encrypted(socialConnections, socialConnections.id, [socialConnections.accessToken, socialConnections.refreshToken]),
 *
 * and encrypts with the same SQL names as the context, so rotation can rebuild it:
 *
 *   encryptToken(token, { table: "social_connections", id: row.id, field: "access_token" })
 *
 * Encrypted columns are nullable-or-not `text`; the id column is the table's primary key.
 * A column missing from this list keeps its old key forever, and removing that key from
 * TOKEN_ENCRYPTION_KEYS then makes its values unreadable.
 *
 * Not a table, so `db/schema.ts` does not re-export this file.
 */

/** One table's encrypted columns, by SQL name. */
export interface EncryptedColumnSet {
  table: string;
  idColumn: string;
  columns: readonly string[];
}

/** Names a table's encrypted columns from its drizzle definition, so a rename cannot drift. */
export function encrypted(table: PgTable, id: PgColumn, columns: readonly PgColumn[]): EncryptedColumnSet {
  for (const column of [id, ...columns]) {
    if (column.table !== table) {
      throw new Error(`encrypted(): column "${column.name}" does not belong to table "${getTableName(table)}"`);
    }
  }
  return { table: getTableName(table), idColumn: id.name, columns: columns.map((c) => c.name) };
}

export const encryptedColumns: readonly EncryptedColumnSet[] = [
  // One line per table with encrypted tokens — see the comment at the top of this file.
  encrypted(oauthFlows, oauthFlows.id, [oauthFlows.codeVerifier]),
  encrypted(pendingChoices, pendingChoices.id, [pendingChoices.payload]),
  encrypted(socialConnections, socialConnections.id, [socialConnections.accessToken, socialConnections.refreshToken]),
  encrypted(organizationMetaSettings, organizationMetaSettings.id, [organizationMetaSettings.pageAccessToken]),
  encrypted(connectors, connectors.id, [connectors.accessToken, connectors.clientSecret]),
  encrypted(connectorOauthSessions, connectorOauthSessions.id, [connectorOauthSessions.accessToken]),
  encrypted(clientConnections, clientConnections.id, [clientConnections.accessToken]),
  encrypted(accessRequests, accessRequests.id, [accessRequests.linkToken]),
  encrypted(emailOutbox, emailOutbox.id, [emailOutbox.message]),
];
