import { ProviderError, type ConnectableAccount, type TokenSet } from "@/lib/providers/types";
import { ZXProblem, type TXMe } from "./schema";

/** Token expiry as a date, from `expires_in` seconds. */
export function expiresAt(token: TokenSet, now = Date.now()): Date | null {
  return token.expiresIn ? new Date(now + token.expiresIn * 1000) : null;
}

/** users/me + tokens → the one X account this authorization connects. */
export function toAccount(me: TXMe, token: TokenSet, requestedScopes: readonly string[], now = Date.now()): ConnectableAccount {
  return {
    providerAccountId: me.data.id,
    displayName: me.data.name,
    handle: `@${me.data.username}`,
    // X serves a 48px "_normal" image; "_400x400" is the same picture, larger.
    avatarUrl: me.data.profile_image_url?.replace(/_normal(\.\w+)$/, "_400x400$1") ?? null,
    postTargetType: "profile",
    appType: "personal",
    accessToken: token.accessToken,
    refreshToken: token.refreshToken ?? null,
    tokenExpiresAt: expiresAt(token, now),
    scopes: token.scopes ?? [...requestedScopes],
  };
}

/** X's Problem objects and status codes → ProviderError. */
export function parseXError(status: number, body: unknown, headers?: Headers): ProviderError {
  const p = ZXProblem.safeParse(body);
  const problem = p.success ? p.data : undefined;
  const message = problem?.detail ?? problem?.title ?? problem?.errors?.[0]?.message ?? `X answered ${status}`;
  const providerCode = problem?.error ?? problem?.type ?? problem?.title;
  if (status === 429) {
    const reset = Number(headers?.get("x-rate-limit-reset"));
    const retryAfterSeconds = Number.isFinite(reset) && reset > 0 ? Math.max(1, Math.ceil(reset - Date.now() / 1000)) : undefined;
    return new ProviderError("rate_limit", message, { status, retryAfterSeconds, providerCode });
  }
  if (status === 401) return new ProviderError("auth", message, { status, providerCode });
  if (status === 403) return new ProviderError("permission", message, { status, providerCode });
  if (status >= 500) return new ProviderError("transient", message, { status, providerCode });
  if (status >= 400) return new ProviderError("invalid_input", message, { status, providerCode });
  return new ProviderError("unknown", message, { status, providerCode });
}
