import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

/**
 * Bearer keys for the headless API (Settings → API keys). Only the SHA-256 of the key is stored;
 * `prefix` (e.g. `sk_live_ab12cd34`) is what lists show.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash), index("api_keys_org_idx").on(t.organizationId)],
);

/** Origins an organization allows as server-side OAuth `redirect_url` (Settings → API). */
export const apiAllowedOrigins = pgTable(
  "api_allowed_origins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    origin: text("origin").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("api_allowed_origins_org_origin_key").on(t.organizationId, t.origin)],
);

/**
 * A Facebook-Marketing connector a program created for one of its users (`external_user_id`).
 * The token (and a client secret, when given) are encrypted (lib/crypto); `account_ids` are the
 * only ad accounts it may reach, normalised to `act_<digits>`.
 */
export const connectors = pgTable(
  "connectors",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    externalUserId: text("external_user_id").notNull(),
    connectorType: text("connector_type").notNull(),
    name: text("name").notNull(),
    /** "oauth" (access_token, client_id?, client_secret?) | "account_key" | "server_side_oauth". */
    credentialKind: text("credential_kind").notNull(),
    /** Encrypted with AAD connectors/<id>/access_token. */
    accessToken: text("access_token").notNull(),
    clientId: text("client_id"),
    /** Encrypted; null when the program gave none (Switchboard's own Meta app is used). */
    clientSecret: text("client_secret"),
    tokenExpiresAt: timestamp("token_expires_at", { withTimezone: true }),
    scopes: text("scopes").array().notNull().default([]),
    accountIds: text("account_ids").array().notNull(),
    allowWrites: boolean("allow_writes").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("connectors_org_user_idx").on(t.organizationId, t.externalUserId)],
);

/** Every write a connector made through Meta: who (API key), when, what it was, what it became. */
export const connectorWrites = pgTable(
  "connector_writes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    connectorId: uuid("connector_id")
      .notNull()
      .references(() => connectors.id, { onDelete: "cascade" }),
    apiKeyId: uuid("api_key_id").references(() => apiKeys.id, { onDelete: "set null" }),
    entity: text("entity").notNull(),
    objectId: text("object_id").notNull(),
    before: jsonb("before").$type<Record<string, unknown>>().notNull(),
    after: jsonb("after").$type<Record<string, unknown>>().notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("connector_writes_connector_idx").on(t.connectorId, t.at)],
);

/**
 * Server-side OAuth for a connector: started by `POST …/oauth/initiate` (the consent link's
 * hash), finished by the callback (the token, encrypted, and the hash of the single-use
 * `secret_id` handed to `redirect_url`). Ten minutes from start.
 */
export const connectorOauthSessions = pgTable(
  "connector_oauth_sessions",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    externalUserId: text("external_user_id").notNull(),
    connectorType: text("connector_type").notNull(),
    redirectUrl: text("redirect_url").notNull(),
    startHash: text("start_hash").notNull(),
    secretHash: text("secret_hash"),
    /** Encrypted with AAD connector_oauth_sessions/<id>/access_token. */
    accessToken: text("access_token"),
    scopes: text("scopes").array().notNull().default([]),
    tokenExpiresAt: timestamp("token_expires_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("connector_oauth_sessions_start_key").on(t.startHash), uniqueIndex("connector_oauth_sessions_secret_key").on(t.secretHash)],
);
