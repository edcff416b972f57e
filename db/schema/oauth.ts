import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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

/** A public choice in a pending selection: what the picker may show (never a token). */
export interface TPendingChoice {
  id: string;
  name: string;
  handle?: string | null;
  avatarUrl?: string | null;
  /** A short line under the name ("Company page", "Instagram @name", "No Instagram account"). */
  detail?: string | null;
  /** False when it cannot be picked (e.g. a Page without Instagram); `reason` says why. */
  selectable?: boolean;
  reason?: string | null;
}

/**
 * Accounts an authorization can connect when there are several (LinkedIn pages, Facebook Pages,
 * Instagram accounts): the person picks on /connections/select/[id]. Tokens live only in the
 * encrypted `payload`; `choices` is what the picker shows. Ten-minute TTL.
 */
export const oauthPendingSelections = pgTable(
  "oauth_pending_selections",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    platform: text("platform").notNull(),
    purpose: text("purpose").notNull().default("connect"),
    choices: jsonb("choices").$type<TPendingChoice[]>().notNull(),
    /** Encrypted JSON of the full accounts (with tokens), keyed by choice id. */
    payload: text("payload").notNull(),
    returnTo: text("return_to").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("oauth_pending_selections_user_idx").on(t.userId), index("oauth_pending_selections_expires_idx").on(t.expiresAt)],
);
