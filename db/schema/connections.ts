import { customType, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

export const connectionAppType = pgEnum("connection_app_type", ["personal", "company"]);
/**
 * active; expiring (a token no one can renew has ≤ 10 days left); expired (it ran out);
 * needs_reconnect (the provider refused it during use); revoked (the person removed our app
 * at the provider: Meta's deauthorize callback). Only `active` and `expiring` are usable.
 */
export const connectionStatus = pgEnum("connection_status", ["active", "expiring", "needs_reconnect", "expired", "revoked"]);
export type TConnectionStatus = (typeof connectionStatus.enumValues)[number];

/**
 * One connected account an organization publishes to (an X profile, a LinkedIn company page, a
 * Facebook Page, a Telegram channel…). Several per platform; reconnecting the same account
 * updates its row (unique on organization, platform, provider account id, app type).
 */
export const socialConnections = pgTable(
  "social_connections",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    platform: text("platform").notNull(),
    appType: connectionAppType("app_type").notNull().default("personal"),
    /** profile | page | organization | channel | instagram_account */
    postTargetType: text("post_target_type").notNull(),
    selectedPageId: text("selected_page_id"),
    providerAccountId: text("provider_account_id").notNull(),
    displayName: text("display_name").notNull(),
    handle: text("handle"),
    avatarUrl: text("avatar_url"),
    /** Encrypted (lib/crypto) with AAD social_connections/<id>/access_token. */
    accessToken: text("access_token").notNull(),
    /** Encrypted; null when the provider gives none. Never overwritten by an empty value. */
    refreshToken: text("refresh_token"),
    tokenExpiresAt: timestamp("token_expires_at", { withTimezone: true }),
    scopes: text("scopes").array().notNull().default([]),
    status: connectionStatus("status").notNull().default("active"),
    /** Bumped on every token change; refreshes write compare-and-swap on it. */
    tokenVersion: integer("token_version").notNull().default(1),
    connectedBy: uuid("connected_by").references(() => users.id, { onDelete: "set null" }),
    connectedAt: timestamp("connected_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Non-secret extras shown on the card (page name, bot username, token hint…). */
    details: jsonb("details").$type<Record<string, string>>().notNull().default({}),
    /** Posts allowed per rolling 24 h (X's paid tiers); null = the platform's default. */
    postsPer24h: integer("posts_per_24h"),
  },
  (t) => [
    uniqueIndex("social_connections_account_key").on(t.organizationId, t.platform, t.providerAccountId, t.appType),
    index("social_connections_org_idx").on(t.organizationId),
  ],
);

export type TSocialConnection = typeof socialConnections.$inferSelect;

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * A connection's picture, downloaded from the provider at connect (and at every reconnect) and
 * kept as a small WebP (96×96): providers' picture URLs are signed and expire (Meta), or cannot
 * be loaded by the browser at all. Served by GET /api/connections/{id}/avatar to members of the
 * organization only; `etag` versions the URL.
 */
export const connectionAvatars = pgTable(
  "connection_avatars",
  {
    connectionId: uuid("connection_id")
      .primaryKey()
      .references(() => socialConnections.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    image: bytea("image").notNull(),
    /** image/webp */
    contentType: text("content_type").notNull(),
    /** A hash of the image: the URL's version, and the HTTP ETag. */
    etag: text("etag").notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("connection_avatars_org_idx").on(t.organizationId)],
);

export type TConnectionAvatar = typeof connectionAvatars.$inferSelect;
