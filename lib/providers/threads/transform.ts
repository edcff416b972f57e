import { ProviderError, type ConnectableAccount, type TokenSet } from "@/lib/providers/types";
import { ZGraphError, type TThreadsMe } from "./schema";

export function toThreadsAccount(me: TThreadsMe, token: TokenSet, scopes: readonly string[], now = Date.now()): ConnectableAccount {
  return {
    providerAccountId: me.id,
    displayName: me.name || `@${me.username}`,
    handle: `@${me.username}`,
    avatarUrl: me.threads_profile_picture_url ?? null,
    postTargetType: "profile",
    appType: "personal",
    accessToken: token.accessToken,
    refreshToken: null,
    tokenExpiresAt: token.expiresIn ? new Date(now + token.expiresIn * 1000) : null,
    scopes: token.scopes ?? [...scopes],
  };
}

const THROTTLED = new Set([4, 17, 32, 613]);

/** Meta-style errors: 190 invalid token; 4/17/32/613 throttling; 10 and 200–299 permissions. */
export function parseThreadsError(status: number, body: unknown): ProviderError {
  const p = ZGraphError.safeParse(body);
  const e = p.success ? p.data.error : undefined;
  const code = e?.code;
  const message = e?.message ?? `Threads answered ${status}`;
  const providerCode = code === undefined ? undefined : String(code);
  if (code === 190 || status === 401) return new ProviderError("auth", message, { status, providerCode });
  if ((code !== undefined && THROTTLED.has(code)) || status === 429) return new ProviderError("rate_limit", message, { status, providerCode });
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299) || status === 403) return new ProviderError("permission", message, { status, providerCode });
  if (code === 1 || code === 2 || status >= 500) return new ProviderError("transient", message, { status, providerCode });
  if (status >= 400) return new ProviderError("invalid_input", message, { status, providerCode });
  return new ProviderError("unknown", message, { status, providerCode });
}
