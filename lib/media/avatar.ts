import "server-only";
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { http, isHttpError, type HttpClient } from "@/lib/http";

/**
 * Downloading an account's picture from its provider (SECURITY A3): only https URLs on the
 * provider's own picture hosts, every redirect re-checked against them, a size cap, a timeout;
 * the type is judged by the bytes (file-type), never by Content-Type; what is kept is a small
 * WebP made by sharp, so nothing the provider sent reaches a browser as it was.
 */
export const AVATAR_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 8_000,
  maxRedirects: 3,
  /** Decompression-bomb guard: sharp refuses larger images before decoding. */
  maxPixels: 4096 * 4096,
  size: 96,
  types: ["image/jpeg", "image/png", "image/webp", "image/gif"] as const,
} as const;

export type TAvatarFailure = "host_not_allowed" | "redirect_not_allowed" | "http_status" | "too_large" | "not_an_image" | "unreadable" | "timeout" | "network";

export type TAvatarResult =
  | { ok: true; image: Buffer; contentType: "image/webp"; etag: string }
  | { ok: false; reason: TAvatarFailure; status?: number };

/** True when `url` is https on one of `hosts` (a host also allows its subdomains). */
export function isAllowedPictureUrl(url: string, hosts: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== "https:" || u.username || u.password || (u.port && u.port !== "443")) return false;
  const host = u.hostname.toLowerCase();
  return hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

export type TDownloadResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: Exclude<TAvatarFailure, "not_an_image" | "unreadable">; status?: number };

/**
 * Downloads `url` from `allowedHosts` only (SECURITY A3): https, every redirect re-checked, at
 * most `maxBytes`, a timeout, one attempt. Never throws. Avatars and inbox attachments use it.
 */
export async function downloadFromHosts(
  url: string,
  options: { allowedHosts: readonly string[]; maxBytes: number; timeoutMs: number; accept: string; client?: HttpClient },
): Promise<TDownloadResult> {
  const client = options.client ?? http();
  let current = url;
  for (let hop = 0; ; hop++) {
    if (!isAllowedPictureUrl(current, options.allowedHosts)) return { ok: false, reason: hop === 0 ? "host_not_allowed" : "redirect_not_allowed" };
    let res;
    try {
      res = await client.get(current, { redirect: "manual", maxBodyBytes: options.maxBytes, timeoutMs: options.timeoutMs, attempts: 1, headers: { accept: options.accept } });
    } catch (err) {
      if (isHttpError(err) && (err.kind === "too_large" || err.kind === "timeout")) return { ok: false, reason: err.kind };
      return { ok: false, reason: "network" };
    }
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get("location");
      if (!location || hop >= AVATAR_LIMITS.maxRedirects) return { ok: false, reason: "redirect_not_allowed" };
      current = new URL(location, current).toString();
      continue;
    }
    if (!res.ok) return { ok: false, reason: "http_status", status: res.status };
    return { ok: true, bytes: res.bytes() };
  }
}

/** Downloads `url` (only from `allowedHosts`) and returns a 96×96 WebP copy, or why not. Never throws. */
export async function downloadAvatar(
  url: string,
  options: { allowedHosts: readonly string[]; client?: HttpClient; timeoutMs?: number },
): Promise<TAvatarResult> {
  const got = await downloadFromHosts(url, { ...options, maxBytes: AVATAR_LIMITS.maxBytes, timeoutMs: options.timeoutMs ?? AVATAR_LIMITS.timeoutMs, accept: "image/*" });
  return got.ok ? normalize(got.bytes) : got;
}

async function normalize(bytes: Uint8Array): Promise<TAvatarResult> {
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !(AVATAR_LIMITS.types as readonly string[]).includes(type.mime)) return { ok: false, reason: "not_an_image" };
  try {
    const image = await sharp(bytes, { limitInputPixels: AVATAR_LIMITS.maxPixels, animated: false })
      .rotate()
      .resize(AVATAR_LIMITS.size, AVATAR_LIMITS.size, { fit: "cover" })
      .webp({ quality: 80 })
      .toBuffer();
    const etag = createHash("sha256").update(image).digest("base64url").slice(0, 16);
    return { ok: true, image, contentType: "image/webp", etag };
  } catch {
    return { ok: false, reason: "unreadable" };
  }
}
