import { env } from "@/lib/env";

/** Rate-limit keys: a scope naming the endpoint (e.g. "sign-in", "publish") plus who is calling. */
export const rateLimitKey = {
  ip: (scope: string, ip: string) => `${scope}:ip:${ip}`,
  user: (scope: string, userId: string) => `${scope}:user:${userId}`,
  org: (scope: string, organizationId: string) => `${scope}:org:${organizationId}`,
  /** Pass the API key's id, never the key itself. */
  apiKey: (scope: string, apiKeyId: string) => `${scope}:key:${apiKeyId}`,
};

interface HeaderGetter {
  get(name: string): string | null;
}

const IP_CHARS = /^[0-9a-f:.]{2,45}$/i;

function normalizeIp(raw: string | null | undefined): string | undefined {
  let value = raw?.trim();
  if (!value) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value); // [::1]:443
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":")); // 1.2.3.4:5678
  return IP_CHARS.test(value) ? value.toLowerCase() : undefined;
}

/** The entries of `X-Forwarded-For`, left (the first client) to right (the last proxy's peer). */
function forwardedChain(headers: HeaderGetter): string[] {
  return (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
}

/**
 * The caller's address, for per-IP rate limits (SECURITY A5).
 *
 * The app's server appends the socket's peer address to `X-Forwarded-For` before Next sees the
 * request (lib/net/peer-address.ts, installed by instrumentation.ts), so the header's last entry
 * is always the address that really connected, whatever the client sent. Of the entries, the
 * last `trustedProxyHops` were added by our own reverse proxies (`TRUSTED_PROXY_HOPS`); the one
 * before them is the client. With no trusted hops the client is the socket's peer, so a
 * client-sent `X-Forwarded-For` never makes a new bucket; with more hops configured than the
 * request passed through, the first entry is used. `X-Real-IP` is never trusted. Malformed
 * values give "unknown".
 */
export function clientIp(headers: HeaderGetter, trustedProxyHops: number = trustedHops()): string {
  const chain = forwardedChain(headers);
  if (chain.length === 0) return "unknown";
  const index = Math.max(0, chain.length - 1 - trustedProxyHops);
  return normalizeIp(chain[index]) ?? "unknown";
}

function trustedHops(): number {
  return env().TRUSTED_PROXY_HOPS;
}
