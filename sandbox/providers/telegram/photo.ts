/**
 * Resolving `sendPhoto`'s `photo`: an uploaded file (multipart, or `attach://<field>`), an
 * HTTP URL, or a file_id the bot received before. Telegram downloads a URL itself (≤ 5 MB) and
 * fails on anything but an image; so does the sandbox, for every URL (core/fetch-media.ts).
 */
import { randomBytes } from "node:crypto";
import { sniff, type FetchedMedia } from "../../core/fetch-media";
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

const PHOTO_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"];

async function imageType(bytes: Buffer): Promise<string | undefined> {
  const mime = await sniff(bytes);
  return mime && PHOTO_TYPES.includes(mime) ? mime : undefined;
}

function stored(source: string, bytes: Buffer | undefined, contentType: string, size: number): StoredPhoto {
  const id = randomBytes(18).toString("base64url");
  return { fileId: `AgACAgQAAxkDAAI${id}`, uniqueId: `AQAD${id.slice(0, 12)}`, size, source, contentType, bytes };
}

async function fromBytes(bytes: Buffer, source: string): Promise<PhotoResult> {
  if (bytes.length === 0) return { ok: false, code: 400, description: "Bad Request: file must be non-empty" };
  if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, code: 413, description: "Request Entity Too Large" };
  const type = await imageType(bytes);
  if (!type) return { ok: false, code: 400, description: "Bad Request: IMAGE_PROCESS_FAILED" };
  return { ok: true, photo: stored(source, bytes, type, bytes.length) };
}

/** Downloads a URL for the bot (capped at MAX_URL_BYTES). */
export type Fetcher = (url: URL, maxBytes: number) => Promise<FetchedMedia>;

async function fromUrl(url: URL, fetcher: Fetcher): Promise<PhotoResult> {
  const got = await fetcher(url, MAX_URL_BYTES);
  if (!got.ok) return { ok: false, code: 400, description: "Bad Request: failed to get HTTP URL content" };
  const type = got.mime && PHOTO_TYPES.includes(got.mime) ? got.mime : undefined;
  if (!type) return { ok: false, code: 400, description: "Bad Request: wrong type of the web page content" };
  return { ok: true, photo: stored(url.toString(), got.bytes, type, got.bytes.length) };
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
    if (!URL.canParse(value) || !/^https?:\/\/[^/]/i.test(value)) return { ok: false, code: 400, description: "Bad Request: wrong HTTP URL specified" };
    return fromUrl(new URL(value), fetcher);
  }
  const previous = known.get(value);
  if (previous) return { ok: true, photo: previous };
  return { ok: false, code: 400, description: "Bad Request: wrong remote file identifier specified: Wrong string length" };
}
