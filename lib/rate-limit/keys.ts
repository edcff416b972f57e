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

/**
 * The caller's IP: the first hop of `X-Forwarded-For`, else `X-Real-IP`, else "unknown".
 * Trustworthy only behind a reverse proxy that overwrites X-Forwarded-For (otherwise a client picks
 * its own key, so pair IP limits with per-user/org/key limits); malformed values are ignored.
 */
export function clientIp(headers: HeaderGetter): string {
  const firstHop = headers.get("x-forwarded-for")?.split(",")[0];
  return normalizeIp(firstHop) ?? normalizeIp(headers.get("x-real-ip")) ?? "unknown";
}
