import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { socialConnections } from "./connections";
import { organizations } from "./organizations";
import { users } from "./users";

/**
 * An uploaded image, normalised with sharp and stored behind lib/media's storage interface
 * (`storage_key` under DATA_DIR/uploads). Served to the platforms at a signed, expiring URL.
 */
export const mediaAssets = pgTable(
  "media_assets",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    storageKey: text("storage_key").notNull(),
    /** The sniffed type of the stored bytes (image/jpeg, image/png, image/webp, image/gif). */
    mime: text("mime").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    originalName: text("original_name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("media_assets_org_idx").on(t.organizationId)],
);
export type TMediaAsset = typeof mediaAssets.$inferSelect;

/**
 * One composed post: the base text and images. `scheduled_at` null = publish now. Its targets
 * (one per connection) carry their own variant and state.
 */
export const posts = pgTable(
  "posts",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    /** media_assets ids, in order. */
    mediaIds: jsonb("media_ids").$type<string[]>().notNull().default([]),
    /** X 403 on media / a LinkedIn image failure: post the text alone (marked "published without image"). */
    allowTextFallback: boolean("allow_text_fallback").notNull().default(true),
    scheduledAt: timestamp("scheduled_at", { withTimezone: true }),
    /** The IANA time zone the person scheduled in (shown back in theirs). */
    timeZone: text("time_zone"),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** A client-generated key: the same Publish submitted twice creates one post (J6). */
    idempotencyKey: text("idempotency_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("posts_org_created_idx").on(t.organizationId, t.createdAt),
    uniqueIndex("posts_idempotency_key").on(t.organizationId, t.idempotencyKey),
  ],
);
export type TPost = typeof posts.$inferSelect;

export const POST_TARGET_STATUSES = [
  "scheduled",
  "queued",
  "publishing",
  "retrying",
  "published",
  "failed",
  "unknown",
  "cancelled",
] as const;
export const postTargetStatus = pgEnum("post_target_status", POST_TARGET_STATUSES);
export type TPostTargetStatus = (typeof POST_TARGET_STATUSES)[number];

/** Per-target progress: remote ids saved the moment they are known (J4), e.g. thread replies, containers. */
export type TTargetProgress = Record<string, string>;

/**
 * One post × one connection. Claimed atomically (status → publishing) before any request; a
 * run that finds it still `publishing` knows the previous one died and marks it `unknown`.
 */
export const postTargets = pgTable(
  "post_targets",
  {
    id: uuid("id").primaryKey(),
    postId: uuid("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").references(() => socialConnections.id, { onDelete: "set null" }),
    /** Kept so history reads after a disconnect. */
    platform: text("platform").notNull(),
    accountName: text("account_name").notNull(),
    /** The variant: null = the post's base text. */
    text: text("text"),
    /** The variant drops the post's images. */
    dropImages: boolean("drop_images").notNull().default(false),
    status: postTargetStatus("status").notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    remoteId: text("remote_id"),
    remoteUrl: text("remote_url"),
    withoutImage: boolean("without_image").notNull().default(false),
    progress: jsonb("progress").$type<TTargetProgress>().notNull().default({}),
    errorKind: text("error_kind"),
    /** Plain words for the person, with the next step. */
    error: text("error"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("post_targets_post_connection").on(t.postId, t.connectionId),
    index("post_targets_org_idx").on(t.organizationId),
    index("post_targets_due_idx").on(t.status, t.nextAttemptAt),
  ],
);
export type TPostTarget = typeof postTargets.$inferSelect;

/**
 * The ledger behind per-connection limits such as X's 17 posts per rolling 24 hours: one row per
 * request that counts (X counts failed ones too).
 */
export const providerRequests = pgTable(
  "provider_requests",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => socialConnections.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    targetId: uuid("target_id"),
    at: timestamp("at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index("provider_requests_connection_at_idx").on(t.connectionId, t.kind, t.at)],
);

/**
 * A pause a platform's usage headers called for (Meta near 100 %): no publish call for `scope` —
 * `connection:<id>` (a Page's or account's business use case) or `app:<client id>` (the app's
 * own usage) — before `until`. One row per scope, overwritten by the latest reading.
 */
export const providerThrottles = pgTable("provider_throttles", {
  scope: text("scope").primaryKey(),
  until: timestamp("until", { withTimezone: true }).notNull(),
  usagePercent: integer("usage_percent").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Each worker process's last sign of life (GET /api/health). */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  id: text("id").primaryKey(),
  seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
});
