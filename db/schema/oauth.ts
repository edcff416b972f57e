import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accessRequests } from "./agency";
import { organizations } from "./organizations";
import { users } from "./users";

/**
 * One OAuth authorization in progress (lib/oauth). Found by the SHA-256 of its state, bound to
 * the browser by the `oauth_state_<platform>` cookie, consumed once with DELETE … RETURNING.
 */
export const oauthFlows = pgTable(
  "oauth_flows",
  {
    id: uuid("id").primaryKey(),
    /** SHA-256 (hex) of the random state; the state itself is never stored. */
    stateHash: text("state_hash").notNull(),
    platform: text("platform").notNull(),
    /** "connect", "meta_messaging", "instagram_sign_in", "agency_access"… */
    purpose: text("purpose").notNull(),
    /** e.g. LinkedIn "personal" | "company". */
    target: text("target").notNull(),
    /** Null for flows that start signed out (sign in with Instagram, agency client links). */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    /** PKCE verifier, encrypted (lib/crypto); null when the provider has no PKCE. */
    codeVerifier: text("code_verifier"),
    redirectUri: text("redirect_uri").notNull(),
    returnTo: text("return_to").notNull(),
    extra: jsonb("extra").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("oauth_flows_state_key").on(t.stateHash), index("oauth_flows_expires_idx").on(t.expiresAt)],
);

/** A public choice in a pending choice: what a picker may show (never a token). */
export interface TPendingChoice {
  id: string;
  name: string;
  /** A handle shown with the name (an account's @name; for a Page, its linked Instagram account). */
  handle?: string | null;
  avatarUrl?: string | null;
  /** A short line under the name ("Company page", "Instagram @name", "No Instagram account"). */
  detail?: string | null;
  /** False when it cannot be picked (e.g. a Page without Instagram); `reason` says why. */
  selectable?: boolean;
  reason?: string | null;
  /** Which list of its picker it is shown in, when the picker has several (the agency selector: ad_account, page, instagram_account, business). */
  group?: string | null;
}

/**
 * THE pending-choice store (lib/pending-choices.ts): what an authorization returned when there is
 * something to pick — the accounts of a creator connect (/connections/select/[id]), the Pages of
 * the organization's Messenger link (MetaPagePicker), the assets an agency's client may share
 * (MetaAssetSelector) — bound to the organization and to the person who authorized or, for a
 * client without an account, to the access link they authorized through; taken once, expiring by
 * the database clock (TTL per kind, one table in lib/pending-choices.ts). `choices` is the public
 * part a picker lists; the tokens and ids live only in the encrypted `payload`.
 */
export const pendingChoices = pgTable(
  "pending_choices",
  {
    id: uuid("id").primaryKey(),
    /** What is being picked: "connect" | "meta_page" | "agency_assets" (lib/pending-choices.ts PENDING_CHOICE_TTL_SECONDS). */
    kind: text("kind").notNull(),
    /** The person who authorized; null for an agency's client, who has no account (then `accessRequestId`). */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** The access link an agency's client authorized through (revoking or deleting the link's request drops it). */
    accessRequestId: uuid("access_request_id").references(() => accessRequests.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    platform: text("platform").notNull(),
    /** In listing order. */
    choices: jsonb("choices").$type<TPendingChoice[]>().notNull(),
    /** Encrypted (lib/crypto, AAD pending_choices/<id>/payload) JSON of the private part, with the tokens. */
    payload: text("payload").notNull(),
    /** Where the picker goes back to, when the flow said. */
    returnTo: text("return_to"),
    /** The provider user whose login listed the choices (a Meta data-deletion request names them). */
    providerUserId: text("provider_user_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("pending_choices_owner_idx").on(t.userId, t.organizationId, t.kind),
    index("pending_choices_expires_idx").on(t.expiresAt),
    index("pending_choices_provider_user_idx").on(t.providerUserId),
    index("pending_choices_access_request_idx").on(t.accessRequestId, t.organizationId, t.kind),
    // Exactly one holder: a person, or an access link.
    check("pending_choices_one_holder", sql`num_nonnulls(${t.userId}, ${t.accessRequestId}) = 1`),
  ],
);

export type TPendingChoiceRow = typeof pendingChoices.$inferSelect;
