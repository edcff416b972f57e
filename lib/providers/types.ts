import type { z } from "zod";
import type { TEnv } from "@/lib/env";
import type { TFailureCode } from "@/lib/errors/codes";
import type { HttpClient } from "@/lib/http";

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
  /**
   * The request got no answer we could read (timeout, dropped connection, an unreadable 2xx): a
   * write may still have reached the provider, so publishing reconciles instead of sending again
   * (SECURITY J4).
   */
  readonly noAnswer: boolean;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    options: { retryAfterSeconds?: number; providerCode?: string; status?: number; cause?: unknown; noAnswer?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ProviderError";
    this.kind = kind;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.providerCode = options.providerCode;
    this.status = options.status;
    this.noAnswer = options.noAnswer ?? false;
  }
}

/** How a platform wants its images: the worker normalises each upload to this before publishing. */
export interface ImageSpec {
  /** Longest side in pixels; larger images are resized down. */
  maxDimension: number;
  /** Largest accepted file. */
  maxBytes: number;
  /** Formats the platform takes; anything else is converted to the first one. */
  formats: readonly ("image/jpeg" | "image/png" | "image/gif" | "image/webp")[];
  /** Width / height bounds (Instagram 4:5 to 1.91:1); outside them the image is fitted with padding. */
  aspectRatio?: { min: number; max: number };
}

/** The one limits table of a platform: compose validation and the worker both read it. */
export interface ProviderLimits {
  textMaxLength: number;
  /** With an image the text is a caption with its own limit (Telegram 1,024). */
  captionMaxLength?: number;
  imageRequired?: boolean;
  maxImages?: number;
  /** Posts per rolling 24 hours per connection (X free tier: 17), unless the connection sets its own. */
  postsPer24h?: number;
  image?: ImageSpec;
}

/** Client-safe facts about a platform (components may import a provider's `catalog.ts`). */
export interface ProviderCatalog {
  platform: Platform;
  name: string;
  /** Short description on the Connect menu. */
  description: string;
  limits: ProviderLimits;
  /** How the platform counts text toward `textMaxLength` (default: Unicode code points). */
  textLength?: (text: string) => number;
  /** A too-long post can become a thread of replies (X). */
  threads?: boolean;
  /** How the Connections page differs for this platform (components read it, never a platform name). */
  ui?: ProviderUi;
  /** How Compose previews a post on this platform (default: an author card showing every image). */
  preview?: ProviderPreview;
}

/** How a platform shows a post in its feed, as data for Compose's preview. */
export interface ProviderPreview {
  /**
   * `thread`: posts under one another, each with the avatar beside it (a long post as its thread of replies);
   * `image_first`: author line, the image, then the caption after the handle (no image: a placeholder saying one is needed);
   * `bubble`: a channel message bubble, the image on top;
   * `card` (default): author line, the text, the images.
   */
  layout?: "thread" | "image_first" | "bubble" | "card";
  /** The line under the author's name, when the platform shows a fixed one there ("now · Public") rather than the handle. */
  byline?: string;
  /** How the feed crops images: 16:9 tiles in a grid, the first image fitted to 4:5–1.91:1 (with a "1/n" counter), or as uploaded (default). */
  crop?: "tiles_16_9" | "fitted_first" | "natural";
  /** How many of the post's images the feed shows (default: all). */
  imagesShown?: number;
  /** Shown where the image of an `image_first` post would be, when there is none. */
  missingImage?: string;
  /** The card's corners: the platform's smaller radius (LinkedIn). */
  corners?: "small";
}

/** Per-platform differences of the Connections page, as data. */
export interface ProviderUi {
  /** Connected in a dialog on the page (opened by `?connect=<platform>`), not by an OAuth redirect. */
  connectDialog?: "telegram_bot";
  /** Disconnecting also revokes Switchboard's access at the platform; the confirmation says so. */
  revokesOnDisconnect?: boolean;
  /** Connected with Facebook Login: the Disconnect dialog also offers removing Switchboard from that Facebook account. */
  removableFromFacebook?: boolean;
  /** A control of its own on each connection's card. */
  cardAction?: "refresh_now";
}

/** One image as a platform step sees it: already normalised to the platform's ImageSpec. */
export interface PublishImage {
  id: string;
  mime: string;
  width: number;
  height: number;
  /** A signed, expiring URL the platform can download (Instagram, Threads, Facebook, Telegram). */
  url: string;
  read(): Promise<Uint8Array>;
}

/** The connection fields a platform step needs (never the encrypted columns). */
export interface PublishConnection {
  id: string;
  platform: string;
  providerAccountId: string;
  postTargetType: string;
  appType: string;
  selectedPageId: string | null;
  displayName: string;
  handle: string | null;
  details: Record<string, string>;
}

export interface PublishRequest {
  connection: PublishConnection;
  accessToken: string;
  /** The app's credentials (Meta's appsecret_proof); null for bot providers. */
  credentials: ClientCredentials | null;
  text: string;
  images: PublishImage[];
  /** Post the text alone when the platform refuses the image (marked "published without image"). */
  allowTextFallback: boolean;
  /** Remote ids saved by earlier steps of this target (a crash-resumed run can skip them). */
  progress: Readonly<Record<string, string>>;
  /** Saves remote ids the moment they are known (SECURITY J4). */
  saveProgress(update: Record<string, string>): Promise<void>;
  /** Waits between status polls (containers, LinkedIn image processing). */
  sleep(ms: number): Promise<void>;
}

export interface PublishResult {
  remoteId: string;
  /** The live post; null when the platform gives no public link. */
  url: string | null;
  /** The image was refused and the text went alone (the person allowed it). */
  withoutImage?: boolean;
}

/** What a platform does to publish: one hook for the worker, and an optional cheap check after a crash. */
export interface PublishHooks {
  publish(req: PublishRequest): Promise<PublishResult>;
  /**
   * After a run died between sending and recording: the live post with this text, if the
   * platform lets us look cheaply (recent posts); null = not posted. Absent = cannot tell.
   */
  findRecent?(req: PublishRequest): Promise<PublishResult | null>;
  /** Where a person can look for themselves ("We can't tell whether this was posted"). */
  profileUrl?(connection: PublishConnection): string | null;
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
  /**
   * The provider user whose login gave us this account's token, when known: a data-deletion
   * request from that user removes a picker list still waiting with it (lib/meta-callbacks).
   */
  grantedBy?: string | null;
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

/** Why an authorization connects nothing: codes of the one failure vocabulary (lib/errors/codes.ts). */
export type AccountsFailureCode = Extract<TFailureCode, "missing_scopes" | "no_pages" | "page_without_instagram" | "no_accounts" | "linkedin_company_not_approved">;

/** What `fetchAccounts` found: the accounts, or why there are none to connect. */
export type AccountsResult =
  | { ok: true; accounts: ConnectableAccount[] }
  | { ok: false; code: AccountsFailureCode; /** For `missing_scopes`: the permissions turned off in the dialog. */ missingScopes?: string[] };

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
  /**
   * Everything this authorization can connect (more than one means the person picks), or why
   * there is nothing; a provider failure throws ProviderError.
   */
  fetchAccounts: (token: TokenSet, ctx: HookContext<Target>) => Promise<AccountsResult>;
  /** Refresh an access token (X rotates refresh tokens; Instagram/Threads refresh long-lived ones). */
  refreshAccessToken?: (refreshOrAccessToken: string, ctx: HookContext<Target>) => Promise<TokenSet>;
  /** Revoke at the provider when the person disconnects (best effort). */
  revokeToken?: (accessToken: string, ctx: HookContext<Target>) => Promise<void>;
  /** Map a provider error response to a ProviderError. */
  parseError: (status: number, body: unknown, headers?: Headers) => ProviderError;
  /** Publishing (lib/publishing calls it; absent = this platform is not a publishing target). */
  publishing?: PublishHooks;
  /**
   * Hosts the accounts' pictures may be downloaded from (SECURITY A3; a host also allows its
   * subdomains). Absent: pictures are not downloaded and the card shows initials.
   */
  pictureHosts?: readonly string[];
  /** "Remove Switchboard from <platform>" (the `facebook_remove_app` purpose); absent = not offered. */
  removeApp?: RemoveAppHooks;
}

/** Revoking the app from the person's provider account, and which connections that kills. */
export interface RemoveAppHooks {
  /** The login that gets a user token just for this (the fewest scopes). */
  readonly login: OAuthProvider;
  /** Revokes every permission the token's user gave the app; answers that user's provider id. */
  revoke: (userToken: string, credentials: ClientCredentials, client?: HttpClient) => Promise<string>;
  /** Platforms whose connections hold tokens from that grant. */
  connectionPlatforms: readonly string[];
  /** The provider user id a connection's `details` say granted it (null when not recorded). */
  grantedBy: (details: Record<string, string> | null | undefined) => string | null;
}

/** A provider without OAuth (Telegram: a bot token and a channel). */
export interface BotProvider {
  kind: "bot";
  catalog: ProviderCatalog;
  /** Checks a bot token + channel with the platform and returns the account to save (throws BotConnectError). */
  connect: (input: { botToken: string; chatId: string }) => Promise<ConnectableAccount>;
  parseError: (status: number, body: unknown, headers?: Headers) => ProviderError;
  publishing?: PublishHooks;
  /**
   * Hosts the accounts' pictures may be downloaded from (SECURITY A3; a host also allows its
   * subdomains). Absent: pictures are not downloaded and the card shows initials.
   */
  pictureHosts?: readonly string[];
}

export type Provider = OAuthProvider | BotProvider;

/** Any OAuth provider whatever its targets (the engine takes every one; targets are checked at runtime). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOAuthProvider = OAuthProvider<any>;

/** Why a bot connect failed, in words a person can act on (Telegram: bad token, unknown chat, not admin). */
export class BotConnectError extends Error {
  constructor(
    /** A code of the one vocabulary (lib/errors/codes.ts). */
    public readonly code: Extract<TFailureCode, "bad_token" | "unknown_chat" | "not_admin" | "invalid_input" | "provider_unavailable">,
    message: string,
    public readonly field?: "botToken" | "chatId",
  ) {
    super(message);
    this.name = "BotConnectError";
  }
}
