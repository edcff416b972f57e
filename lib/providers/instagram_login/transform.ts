import { ProviderError, type ConnectableAccount, type TokenSet } from "@/lib/providers/types";
import {
  ZGraphError,
  ZInstagramOAuthError,
  type TCodeExchangeResponse,
  type TLongLivedTokenResponse,
  type TProfile,
} from "./schema";

/**
 * Pure mapping from Instagram's answers to our types. No I/O, so every quirk is unit-tested
 * in transform.test.ts.
 */

/** Instagram appends `#_` to the redirect; if it reaches us as part of the code, it is not part of it. */
export function normalizeAuthorizationCode(code: string): string {
  return code.replace(/#_$/, "");
}

/** The short-lived token from the code exchange (either response shape, already unwrapped by the schema). */
export function codeExchangeToTokenSet(res: TCodeExchangeResponse): TokenSet {
  return {
    accessToken: res.access_token,
    refreshToken: null,
    // Short-lived Instagram tokens last one hour; we swap it for a 60-day one at once.
    expiresIn: 3600,
    scopes: res.permissions ?? null,
    providerUserId: res.user_id ?? null,
  };
}

/** A long-lived token (exchange or refresh) keeps the scopes and user of the token it came from. */
export function longLivedToTokenSet(res: TLongLivedTokenResponse, previous?: Pick<TokenSet, "scopes" | "providerUserId">): TokenSet {
  return {
    accessToken: res.access_token,
    refreshToken: null,
    expiresIn: res.expires_in,
    scopes: previous?.scopes ?? null,
    providerUserId: previous?.providerUserId ?? null,
  };
}

/** When a token that lives `expiresIn` seconds from `now` expires. */
export function expiresAt(expiresIn: number | null | undefined, now: Date = new Date()): Date | null {
  return expiresIn ? new Date(now.getTime() + expiresIn * 1000) : null;
}

/** The one connectable account an Instagram Login authorization yields: the professional account itself. */
export function profileToAccount(profile: TProfile, token: TokenSet, now: Date = new Date()): ConnectableAccount {
  const details: Record<string, string> = {};
  if (profile.account_type) details.accountType = profile.account_type === "MEDIA_CREATOR" ? "Creator" : titleCase(profile.account_type);
  if (typeof profile.followers_count === "number") details.followers = String(profile.followers_count);
  if (typeof profile.media_count === "number") details.mediaCount = String(profile.media_count);
  return {
    // user_id is the professional account id used for /media, /messages and webhook entry.id;
    // the token response's user_id is app-scoped and must not be stored as the account id.
    providerAccountId: profile.user_id,
    displayName: profile.name?.trim() || profile.username,
    handle: profile.username,
    avatarUrl: profile.profile_picture_url ?? null,
    postTargetType: "instagram_account",
    appType: "personal",
    selectedPageId: null,
    accessToken: token.accessToken,
    refreshToken: null,
    tokenExpiresAt: expiresAt(token.expiresIn, now),
    scopes: token.scopes ?? [],
    details,
  };
}

function titleCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

/**
 * Failure codes of the code exchange at api.instagram.com, each with its own page
 * (lib/instagram-sign-in/messages.ts says what to do).
 */
export type InstagramExchangeFailure = "code_used" | "code_expired" | "redirect_uri_mismatch" | "invalid_client";

/** Classifies api.instagram.com's `{error_type, code, error_message}` by its message (its `code` is just the HTTP status). */
export function exchangeFailureOf(message: string): InstagramExchangeFailure | null {
  const m = message.toLowerCase();
  if (m.includes("matching code was not found") || m.includes("already used") || m.includes("already been used") || m.includes("has been used")) return "code_used";
  if (m.includes("code has expired") || m.includes("code expired")) return "code_expired";
  if (m.includes("redirect_uri") || m.includes("redirect uri")) return "redirect_uri_mismatch";
  if (m.includes("client secret") || m.includes("invalid platform app") || m.includes("client_id") || m.includes("invalid client")) {
    return "invalid_client";
  }
  return null;
}

const THROTTLING = new Set([4, 17, 32, 613]);

/** Maps any Instagram error response (api.instagram.com or graph.instagram.com) to a ProviderError. */
export function parseInstagramError(status: number, body: unknown, headers?: Headers): ProviderError {
  const retryAfter = retryAfterSeconds(headers);

  const oauth = ZInstagramOAuthError.safeParse(body);
  if (oauth.success) {
    const failure = exchangeFailureOf(oauth.data.error_message);
    const message = `Instagram: ${oauth.data.error_message}`;
    if (failure === "code_used" || failure === "code_expired") return new ProviderError("auth", message, { providerCode: failure, status });
    if (failure) return new ProviderError("invalid_input", message, { providerCode: failure, status });
    if (status >= 500) return new ProviderError("transient", message, { status, retryAfterSeconds: retryAfter });
    if (status === 429) return new ProviderError("rate_limit", message, { status, retryAfterSeconds: retryAfter });
    return new ProviderError("unknown", message, { status, providerCode: oauth.data.error_type });
  }

  const graph = ZGraphError.safeParse(body);
  if (graph.success) {
    const e = graph.data.error;
    const code = e.code;
    const message = `Instagram: ${e.message ?? "error"}${code !== undefined ? ` (#${code})` : ""}`;
    const providerCode = code !== undefined ? String(code) : undefined;
    const opts = { providerCode, status, retryAfterSeconds: retryAfter };
    if (code === 190 || code === 102) return new ProviderError("auth", message, opts);
    if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) return new ProviderError("permission", message, opts);
    if ((code !== undefined && THROTTLING.has(code)) || (code !== undefined && code >= 80000 && code <= 80014)) {
      return new ProviderError("rate_limit", message, opts);
    }
    if (e.is_transient || code === 1 || code === 2 || status >= 500) return new ProviderError("transient", message, opts);
    if (code === 100) return new ProviderError("invalid_input", message, opts);
    return new ProviderError(status === 429 ? "rate_limit" : "unknown", message, opts);
  }

  if (status === 429) return new ProviderError("rate_limit", `Instagram answered ${status}`, { status, retryAfterSeconds: retryAfter });
  if (status >= 500) return new ProviderError("transient", `Instagram answered ${status}`, { status });
  if (status === 401) return new ProviderError("auth", `Instagram answered ${status}`, { status });
  return new ProviderError("unknown", `Instagram answered ${status}`, { status });
}

function retryAfterSeconds(headers?: Headers): number | undefined {
  const raw = headers?.get("retry-after");
  if (!raw) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Refresh rules (REFERENCE.md): a long-lived token can be refreshed once it is 24 h old and until it expires. */
export const REFRESH_MIN_AGE_MS = 24 * 3_600_000;
/** We refresh when fewer than this many days remain (the daily job). */
export const REFRESH_WINDOW_MS = 30 * 86_400_000;

export type RefreshEligibility = "eligible" | "too_young" | "not_due" | "expired";

/** Whether a token issued at `issuedAt` and expiring at `expiresAt` can and should be refreshed now. */
export function refreshEligibility(
  token: { issuedAt: Date; expiresAt: Date | null },
  now: Date = new Date(),
  options: { force?: boolean } = {},
): RefreshEligibility {
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return "expired";
  if (now.getTime() - token.issuedAt.getTime() < REFRESH_MIN_AGE_MS) return "too_young";
  if (!options.force && token.expiresAt && token.expiresAt.getTime() - now.getTime() > REFRESH_WINDOW_MS) return "not_due";
  return "eligible";
}
