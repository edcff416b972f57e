import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

/**
 * An agency's request for a client's Meta assets (Clients page, lib/agency). The link
 * `/access/<token>` carries 256 random bits; only the token's SHA-256 is stored. A request is
 * revocable, and may lapse at `link_expires_at`.
 */
export const accessRequests = pgTable(
  "access_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    clientName: text("client_name").notNull(),
    clientEmail: text("client_email"),
    note: text("note"),
    /** SHA-256 (hex) of the link's token. */
    tokenHash: text("token_hash").notNull(),
    /** The link's token, encrypted (AAD access_requests/<id>/link_token): the agency copies the same link again to have the client re-authorize. */
    linkToken: text("link_token"),
    /** The link stops working then; null = until revoked. */
    linkExpiresAt: timestamp("link_expires_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** First time the client opened the link. */
    openedAt: timestamp("opened_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("access_requests_token_hash_key").on(t.tokenHash), index("access_requests_org_idx").on(t.organizationId, t.createdAt)],
);
export type TAccessRequest = typeof accessRequests.$inferSelect;

/** One shared asset the client picked (an ad account, a Page or an Instagram account). */
export interface TSharedAsset {
  kind: "ad_account" | "page" | "instagram_account";
  id: string;
  name: string;
}

/**
 * What a client authorized through one access request: one row per request — re-authorizing
 * through the same link updates it and resets the expiry. The Meta user token is encrypted
 * (lib/crypto, AAD client_connections/<id>/access_token: the secret reference
 * `meta_client_{connectionId}`).
 */
export const clientConnections = pgTable(
  "client_connections",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    accessRequestId: uuid("access_request_id")
      .notNull()
      .references(() => accessRequests.id, { onDelete: "cascade" }),
    metaUserId: text("meta_user_id").notNull(),
    metaUserName: text("meta_user_name"),
    /** Encrypted long-lived Meta user token. */
    accessToken: text("access_token").notNull(),
    grantedScopes: text("granted_scopes").array().notNull().default([]),
    tokenExpiresAt: timestamp("token_expires_at", { withTimezone: true }),
    selectedAssets: jsonb("selected_assets").$type<TSharedAsset[]>().notNull().default([]),
    authorizedAt: timestamp("authorized_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the client last confirmed a selection; null = authorized, nothing shared yet. */
    assetsSharedAt: timestamp("assets_shared_at", { withTimezone: true }),
    /** The pending choice (lib/agency/choices.ts) the last selection was taken from: the done page lists it only in the browser holding that id. */
    sharedFromChoiceId: uuid("shared_from_choice_id"),
    /** Set by the daily expiry job once the token has lapsed; the connection is no longer used. */
    expiredAt: timestamp("expired_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("client_connections_request_key").on(t.accessRequestId), index("client_connections_org_idx").on(t.organizationId)],
);
export type TClientConnection = typeof clientConnections.$inferSelect;
