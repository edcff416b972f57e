const ALLOWED_PREFIXES = ["/connections", "/compose", "/posts", "/inbox", "/clients", "/settings", "/invite"];

/**
 * A post-sign-in destination from user input: only a relative path under one of the app's
 * sections (never `//host`, `/\host`, a scheme, or control characters); otherwise the fallback.
 */
export function safeReturnTo(value: unknown, fallback = "/connections"): string {
  if (typeof value !== "string" || value.length > 512) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, "http://switchboard.invalid");
  } catch {
    return fallback;
  }
  if (url.origin !== "http://switchboard.invalid") return fallback;
  const ok = ALLOWED_PREFIXES.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
  return ok ? `${url.pathname}${url.search}` : fallback;
}
