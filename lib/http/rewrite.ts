import { env } from "@/lib/env";

/**
 * Maps `https://HOST/PATH?QUERY` to `${SANDBOX_URL}/HOST/PATH?QUERY` when SANDBOX_URL is set
 * (server calls and browser redirects alike); otherwise returns `url` unchanged.
 * Only https URLs are provider URLs; anything else (local, already rewritten) is left alone.
 */
export function rewriteUrl(url: string, sandboxUrl: string | undefined = env().SANDBOX_URL): string {
  if (!sandboxUrl) return url;
  const base = sandboxUrl.replace(/\/+$/, "");
  if (url.startsWith(`${base}/`)) return url;
  const match = /^https:\/\/(.+)$/i.exec(url);
  if (!match) return url;
  return `${base}/${match[1]}`;
}
