import type { z } from "zod";
import type { TEnv } from "@/lib/env";

/**
 * The Provider contract (DESIGN.md). A provider is mostly data — how it connects — plus a few
 * named hooks for what differs. The OAuth engine (lib/oauth) calls a hook only where it is
 * defined; nothing branches on the platform name.
 */

export const PLATFORMS = ["x", "linkedin", "facebook", "instagram", "instagram_login", "threads", "telegram"] as const;
export type Platform = (typeof PLATFORMS)[number];

export type ProviderErrorKind = "auth" | "rate_limit" | "permission" | "invalid_input" | "transient" | "unknown";

/** Every provider failure, mapped by the provider's `parseError` to one small set of kinds. */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  /** Seconds to wait before trying again, where the provider said. */
  readonly retryAfterSeconds?: number;
  /** The provider's own code (e.g. Meta 190, LinkedIn ACCESS_DENIED), for logs and specific messages. */
  readonly providerCode?: string;
  readonly status?: number;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    options: { retryAfterSeconds?: number; providerCode?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ProviderError";
    this.kind = kind;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.providerCode = options.providerCode;
    this.status = options.status;
  }
}

/** Client-safe facts about a platform (components may import a provider's `catalog.ts`). */
export interface ProviderCatalog {
  platform: Platform;
  name: string;
  /** Short description on the Connect menu. */
  description: string;
  /** Text limits etc., used by compose validation later. */
  limits: { textMaxLength: number; imageRequired?: boolean; maxImages?: number };
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Token endpoint answer, normalised by the provider's `tokenSchema`. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string | null;
  /** Seconds until the access token expires; null/undefined = does not expire (or unknown). */
  expiresIn?: number | null;
  /** Scopes the provider says it granted (when it says). */
  scopes?: string[] | null;
  /** Provider's user id when the token response carries it (Instagram, Threads). */
  providerUserId?: string | null;
}

/** Declarative OAuth 2.0 data: one engine runs every provider from this. */
export interface OAuthConfig<Target extends string = string> {
  /** Canonical provider URLs (https://…); lib/http's rewrite sends them to the sandbox when set. */
  authorizeUrl: string;
  tokenUrl: string;
  /** Facebook's token endpoint is a GET; everyone else POSTs a form. */
  tokenRequestMethod?: "POST" | "GET";
  /** Exactly the scopes requested (SECURITY O8), per target where they differ. */
  scopes: (target: Target) => readonly string[];
  scopeSeparator: " " | ",";
  pkce: boolean;
  tokenAuthMethod: "basic" | "body";
  /** Which credentials to use (LinkedIn has one app per target); null = not configured. */
  credentials: (env: TEnv, target: Target) => ClientCredentials | null;
  /** Parses the raw token response into a TokenSet (accepting every documented shape). */
  tokenSchema: z.ZodType<TokenSet>;
  /** Targets a connect may ask for (e.g. LinkedIn personal | company); the first is the default. */
  targets: readonly Target[];
  extraAuthorizeParams?: Record<string, string>;
  /**
   * Scopes that must have been granted (compared with the token response's scopes when it lists
   * them); defaults to every requested scope.
   */
  requiredScopes?: (target: Target) => readonly string[];
  /** The standard `grant_type=refresh_token` works at `tokenUrl` (X, LinkedIn partner apps). */
  refreshable?: boolean;
  /** Refresh this long before expiry (default 5 minutes). */
  refreshBufferSeconds?: number;
}

/** One account, Page, organization or channel that can become a `social_connections` row. */
export interface ConnectableAccount {
  providerAccountId: string;
  displayName: string;
  handle?: string | null;
  avatarUrl?: string | null;
  /** What a post goes to. */
  postTargetType: "profile" | "page" | "organization" | "channel" | "instagram_account";
  appType: "personal" | "company";
  /** For Page-backed accounts (Facebook Page, Instagram via a Page): the Page id. */
  selectedPageId?: string | null;
  /** The token this account publishes with (a Page token for Pages) — never sent to the browser. */
  accessToken: string;
  refreshToken?: string | null;
  tokenExpiresAt?: Date | null;
  scopes: string[];
  /** Non-secret extras shown on the card (e.g. the Page's name for an Instagram account). */
  details?: Record<string, string>;
  /** A short line under the name in the picker ("Company page", "Instagram @name"). */
  pickerDetail?: string | null;
  /** Set when this account is listed but cannot be connected ("No Instagram account"). */
  unavailableReason?: string | null;
  /**
   * The provider's name lookup failed and `displayName` is a stand-in built from the id: a
   * reconnect keeps a name (and handle) already stored; a later successful lookup replaces it.
   */
  provisionalName?: boolean;
}

export interface HookContext<Target extends string = string> {
  env: TEnv;
  target: Target;
  credentials: ClientCredentials;
}

/** A provider that connects through OAuth 2.0. */
export interface OAuthProvider<Target extends string = string> {
  kind: "oauth2";
  catalog: ProviderCatalog;
  oauth: OAuthConfig<Target>;
  /** Swap the code's short-lived token for a long-lived one (Meta, Threads, Instagram). */
  exchangeForLongLivedToken?: (token: TokenSet, ctx: HookContext<Target>) => Promise<TokenSet>;
  /** Everything this authorization can connect; more than one means the person picks. */
  fetchAccounts: (token: TokenSet, ctx: HookContext<Target>) => Promise<ConnectableAccount[]>;
  /** Refresh an access token (X rotates refresh tokens; Instagram/Threads refresh long-lived ones). */
  refreshAccessToken?: (refreshOrAccessToken: string, ctx: HookContext<Target>) => Promise<TokenSet>;
  /** Revoke at the provider when the person disconnects (best effort). */
  revokeToken?: (accessToken: string, ctx: HookContext<Target>) => Promise<void>;
  /** Map a provider error response to a ProviderError. */
  parseError: (status: number, body: unknown, headers?: Headers) => ProviderError;
}

/** A provider without OAuth (Telegram: a bot token and a channel). */
export interface BotProvider {
  kind: "bot";
  catalog: ProviderCatalog;
  /** Checks a bot token + channel with the platform and returns the account to save (throws BotConnectError). */
  connect: (input: { botToken: string; chatId: string }) => Promise<ConnectableAccount>;
  parseError: (status: number, body: unknown, headers?: Headers) => ProviderError;
}

export type Provider = OAuthProvider | BotProvider;

/** Any OAuth provider whatever its targets (the engine takes every one; targets are checked at runtime). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOAuthProvider = OAuthProvider<any>;

/** Why a bot connect failed, in words a person can act on (Telegram: bad token, unknown chat, not admin). */
export class BotConnectError extends Error {
  constructor(
    public readonly code: "bad_token" | "unknown_chat" | "not_admin" | "invalid_input" | "unavailable",
    message: string,
    public readonly field?: "botToken" | "chatId",
  ) {
    super(message);
    this.name = "BotConnectError";
  }
}
