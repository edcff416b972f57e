import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

/**
 * The Facebook Page (and its linked Instagram account) an organization answers messages for:
 * one row per organization; reconnecting replaces it.
 *
 * NOTHING may reference this row with a foreign key: disconnecting deletes it, and the
 * conversations and messages the Inbox stores must survive that (they key on the Page id).
 */
export const organizationMetaSettings = pgTable(
  "organization_meta_settings",
  {
    id: uuid("id").primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    facebookPageId: text("facebook_page_id").notNull(),
    facebookPageName: text("facebook_page_name").notNull(),
    facebookPagePictureUrl: text("facebook_page_picture_url"),
    /** Encrypted (lib/crypto) with AAD organization_meta_settings/<id>/page_access_token. */
    pageAccessToken: text("page_access_token").notNull(),
    instagramBusinessAccountId: text("instagram_business_account_id"),
    instagramUsername: text("instagram_username"),
    /** active | needs_reconnect (Meta answered 190 for the Page token, or 10/200–299: permission gone). */
    tokenStatus: text("token_status").notNull().default("active"),
    /** pending | subscribed | failed — both webhook levels (Page subscribed_apps and app subscriptions). */
    webhookStatus: text("webhook_status").notNull().default("pending"),
    /** What went wrong when subscribing (Meta's message, never a token). */
    webhookError: text("webhook_error"),
    webhookSubscribedAt: timestamp("webhook_subscribed_at", { withTimezone: true }),
    /** When the reconcile job (or "Check now") last asked Graph for the Page's subscribed_apps (SECURITY W4). */
    webhookCheckedAt: timestamp("webhook_checked_at", { withTimezone: true }),
    /**
     * The last check's error code when it failed — Meta's code (`190/458`, `2`…), `http_<status>`,
     * `network`, `timeout` or `internal`; null when it succeeded. Never a message or a token.
     */
    webhookCheckError: text("webhook_check_error"),
    /** When a check found our app missing from the Page (or lacking a field) and subscribed it again. */
    webhookResubscribedAt: timestamp("webhook_resubscribed_at", { withTimezone: true }),
    /** When the last signed webhook event for this Page or its Instagram account was processed (the card's health line). */
    lastEventAt: timestamp("last_event_at", { withTimezone: true }),
    connectedBy: uuid("connected_by").references(() => users.id, { onDelete: "set null" }),
    /** The app-scoped id of the Facebook user whose login gave the Page token (Meta's deauthorize names it). */
    facebookUserId: text("facebook_user_id"),
    connectedAt: timestamp("connected_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("organization_meta_settings_org_key").on(t.organizationId), index("organization_meta_settings_page_idx").on(t.facebookPageId)],
);

export type TOrganizationMetaSettings = typeof organizationMetaSettings.$inferSelect;
