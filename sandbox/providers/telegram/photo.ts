/**
 * Resolving `sendPhoto`'s `photo`: an uploaded file (multipart, or `attach://<field>`), an
 * HTTP URL, or a file_id the bot received before. Telegram fetches URLs itself; the sandbox
 * is offline, so it fetches only URLs on this machine or a private network (the app in
 * sandbox mode) and trusts public ones.
 */
import { randomBytes } from "node:crypto";
import type { BotParams } from "./params";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_URL_BYTES = 5 * 1024 * 1024;

export interface StoredPhoto {
  fileId: string;
  uniqueId: string;
  size: number;
  /** Where it came from: a URL or "upload:<filename>". */
  source: string;
  contentType: string;
  bytes?: Buffer;
}

export type PhotoResult = { ok: true; photo: StoredPhoto } | { ok: false; code: number; description: string };

function imageType(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  return undefined;
}

function isLocalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return (
    h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127\./.test(h) || /^10\./.test(h) ||
    /^192\.168\./.test(h) || /^172\.(1[6-9]|2\d|3[01])\./.test(h) || h === "0.0.0.0"
  );
}

function stored(source: string, bytes: Buffer | undefined, contentType: string, size: number): StoredPhoto {
  const id = randomBytes(18).toString("base64url");
  return { fileId: `AgACAgQAAxkDAAI${id}`, uniqueId: `AQAD${id.slice(0, 12)}`, size, source, contentType, bytes };
}

function fromBytes(bytes: Buffer, source: string): PhotoResult {
  if (bytes.length === 0) return { ok: false, code: 400, description: "Bad Request: file must be non-empty" };
  if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, code: 413, description: "Request Entity Too Large" };
  const type = imageType(bytes);
  if (!type) return { ok: false, code: 400, description: "Bad Request: IMAGE_PROCESS_FAILED" };
  return { ok: true, photo: stored(source, bytes, type, bytes.length) };
}

/** How the sandbox fetches a local URL (the sandbox's own URLs go through `ctx.dispatch`, no socket). */
export type Fetcher = (url: URL) => Promise<Response>;

async function fromUrl(url: URL, fetcher: Fetcher): Promise<PhotoResult> {
  if (!isLocalHost(url.hostname)) return { ok: true, photo: stored(url.toString(), undefined, "image/jpeg", 0) };
  const failed: PhotoResult = { ok: false, code: 400, description: "Bad Request: failed to get HTTP URL content" };
  try {
    const res = await fetcher(url);
    if (!res.ok) return failed;
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > MAX_URL_BYTES) return failed;
    const type = imageType(bytes);
    if (!type) return { ok: false, code: 400, description: "Bad Request: wrong type of the web page content" };
    return { ok: true, photo: stored(url.toString(), bytes, type, bytes.length) };
  } catch {
    return failed;
  }
}

export async function resolvePhoto(params: BotParams, known: Map<string, StoredPhoto>, fetcher: Fetcher): Promise<PhotoResult> {
  const upload = params.file("photo");
  if (upload) return fromBytes(upload.bytes, `upload:${upload.filename}`);
  const value = params.get("photo");
  if (!value) return { ok: false, code: 400, description: "Bad Request: there is no photo in the request" };
  if (value.startsWith("attach://")) {
    const attached = params.file(value.slice("attach://".length));
    if (!attached) return { ok: false, code: 400, description: "Bad Request: there is no photo in the request" };
    return fromBytes(attached.bytes, `upload:${attached.filename}`);
  }
  if (/^https?:\/\//i.test(value)) {
    try {
      return await fromUrl(new URL(value), fetcher);
    } catch {
      return { ok: false, code: 400, description: "Bad Request: wrong HTTP URL specified" };
    }
  }
  const previous = known.get(value);
  if (previous) return { ok: true, photo: previous };
  return { ok: false, code: 400, description: "Bad Request: wrong remote file identifier specified: Wrong string length" };
}
