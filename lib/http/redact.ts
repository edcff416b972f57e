/**
 * Scrubbing of secrets from text that may reach a log: URLs, form bodies, error messages.
 * Pure and dependency-free so the logger, the HTTP client and the sandbox can all use it.
 */

/** Query/form parameter names whose values are secrets (matched case-insensitively). */
export const SECRET_PARAMS = [
  "access_token",
  "refresh_token",
  "client_secret",
  "code",
  "code_verifier",
  "fb_exchange_token",
  "input_token",
  "appsecret_proof",
  "signed_request",
  "password",
  "id_token",
  "token",
  "hub.verify_token",
  "verify_token",
  "client_assertion",
] as const;

export const REDACTED = "***";

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const names = [...SECRET_PARAMS].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|");

// Value character classes exclude `\` so that scrubbing a serialized JSON line keeps its escapes.

// `name=value` in a query string, form body or free text. The lookbehind keeps `code`
// from matching inside `error_code=` or `postcode=`.
const PARAM = new RegExp(`(?<=^|[?&;,\\s"'({\\[])(${names})=[^&\\s"'#,;)}\\]\\\\]*`, "gi");
// The same pair percent-encoded inside another URL (e.g. a `redirect_uri` or `next` parameter).
const ENCODED_PARAM = new RegExp(`(?<=%3F|%26|%2C)(${names})%3D(?:(?!%26|%23)[^&\\s"'#\\\\])*`, "gi");
// `"name": "value"` in a JSON body quoted in a message.
const JSON_FIELD = new RegExp(`"(${names})"(\\s*:\\s*)"((?:[^"\\\\]|\\\\.)*)"`, "gi");
// Telegram puts the bot token in the path: /bot123456:AA-secret/sendMessage.
const TELEGRAM_BOT = /\/bot\d+:[A-Za-z0-9_-]+/g;
// `Authorization: <anything>` or `authorization=...` as header dumps print it.
const AUTH_HEADER = /(\bauthorization["']?\s*[:=]\s*["']?)(?:(Bearer|Basic|OAuth|Bot|token)\s+)?[^\s"',;\\]+/gi;
// A bare `Bearer <token>` anywhere else.
const BEARER = /\b(Bearer)\s+(?!\*\*\*)[A-Za-z0-9\-._~+/=%]+/g;

// `code` is also the name of error codes (ECONNREFUSED, our `rate_limited`), which logs must keep;
// OAuth authorization codes are long random strings with mixed case and digits.
const ERROR_CODE = /^(?:[A-Z][A-Z0-9_]{0,40}|[a-z]{1,30}(?:_[a-z]{1,30}){0,5})$/;

/** True for values like `ECONNREFUSED` or `rate_limited` that are error codes, not OAuth codes. */
export function looksLikeErrorCode(value: unknown): boolean {
  return typeof value === "number" || (typeof value === "string" && ERROR_CODE.test(value));
}

/** Returns `text` with every known secret (tokens, codes, passwords, bot tokens, Authorization values) replaced by `***`. */
export function redactSecrets(text: string): string {
  if (!text) return text;
  return text
    .replace(TELEGRAM_BOT, `/bot${REDACTED}`)
    .replace(PARAM, (_m, name: string) => `${name}=${REDACTED}`)
    .replace(ENCODED_PARAM, (_m, name: string) => `${name}%3D${REDACTED}`)
    .replace(JSON_FIELD, (match, name: string, colon: string, value: string) =>
      name.toLowerCase() === "code" && looksLikeErrorCode(value) ? match : `"${name}"${colon}"${REDACTED}"`,
    )
    .replace(AUTH_HEADER, (_m, prefix: string, scheme: string | undefined) =>
      scheme ? `${prefix}${scheme} ${REDACTED}` : `${prefix}${REDACTED}`,
    )
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

/** Redacts every string inside plain objects and arrays (other objects are returned as they are). */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === "string") return redactSecrets(value) as T;
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v, depth + 1);
  return out as T;
}

/**
 * A request URL for a log line: secrets redacted, and OAuth `state` too (it binds a browser's
 * flow; it has no business in a log either).
 */
export function redactUrlForLog(url: string): string {
  return redactSecrets(url).replace(/([?&]state=)[^&#\s]*/gi, `$1${REDACTED}`);
}
