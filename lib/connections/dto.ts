/**
 * What the browser may see of a connection (S4): an allowlist — never a token, verifier or
 * secret. Client-safe.
 */
export interface TConnectionDto {
  id: string;
  platform: string;
  appType: "personal" | "company";
  postTargetType: string;
  displayName: string;
  handle: string | null;
  /** The app's copy of the picture (`connectionAvatarUrl`), never the provider's URL; null: show initials. */
  avatarUrl: string | null;
  /** For Page-backed accounts: the Page's name; for Telegram: the bot. */
  subtitle: string | null;
  health: TConnectionHealth;
  connectedAt: string;
  /**
   * Accounts that subscribe to Meta's message webhooks on their own (Instagram Login): whether
   * they are subscribed, when that was last checked, and why not. Null for every other account.
   */
  inboxWebhook: { status: "subscribed" | "not_subscribed"; checkedAt: string | null; error: string | null } | null;
}

export type TConnectionHealth =
  | { kind: "active" }
  | { kind: "expiring"; days: number }
  /** `reason`: expired (the token ran out), revoked (removed at the platform), or the platform refused it. */
  | { kind: "needs_reconnect"; reason?: "expired" | "revoked" };

const DAY = 86_400_000;
/** Long-lived tokens (Meta, Threads, LinkedIn) show "expires in N days" from this far out. */
export const EXPIRY_WARNING_DAYS = 14;

/**
 * Token health for the card. Tokens we refresh ourselves (refresh token stored) stay "active";
 * tokens a person must renew show their days left once inside the warning window.
 */
export function connectionHealth(
  row: { status: string; tokenExpiresAt: Date | null; hasRefreshToken: boolean },
  now = Date.now(),
): TConnectionHealth {
  if (row.status === "needs_reconnect") return { kind: "needs_reconnect" };
  if (row.status === "expired" || row.status === "revoked") return { kind: "needs_reconnect", reason: row.status };
  if (!row.tokenExpiresAt || (row.hasRefreshToken && row.status !== "expiring")) return { kind: "active" };
  const left = row.tokenExpiresAt.getTime() - now;
  if (left <= 0) return { kind: "needs_reconnect", reason: "expired" };
  const days = Math.ceil(left / DAY);
  return days <= EXPIRY_WARNING_DAYS || row.status === "expiring" ? { kind: "expiring", days } : { kind: "active" };
}
