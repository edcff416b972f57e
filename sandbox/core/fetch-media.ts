/**
 * Downloading a media URL the way a provider does before it accepts a post (Instagram and
 * Threads containers, Facebook `/photos?url=`, Telegram `sendPhoto` by URL): a real GET with a
 * timeout and a size cap, then the bytes are sniffed (file-type), never the extension or the
 * Content-Type trusted. The sandbox's own URLs are served in-process through `ctx.dispatch`
 * (no socket, so tests need no listening server); any other URL, localhost included (the app
 * serves its media to the sandbox at signed URLs), is fetched over the network.
 */
import { fileTypeFromBuffer } from "file-type";
import type { SandboxContext } from "./types";

export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;

export interface FetchMediaOptions {
  /** Larger bodies are refused (`too_large`) without reading them whole. */
  maxBytes: number;
  timeoutMs?: number;
}

export type FetchFailure = "invalid_url" | "unreachable" | "http_status" | "timeout" | "too_large" | "empty";

export type FetchedMedia =
  | {
      ok: true;
      bytes: Buffer;
      /** What the bytes are (sniffed), e.g. "image/jpeg"; undefined for text, HTML and unknown formats. */
      mime: string | undefined;
      /** What the server claimed, for reports only. */
      contentType: string | null;
    }
  | { ok: false; reason: FetchFailure; status?: number; detail?: string };

/** Reads at most `maxBytes` of a body; undefined if it is larger. */
async function readCapped(res: Response, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Sniffs the bytes: the MIME type of a recognised binary format, else undefined. */
export async function sniff(bytes: Buffer): Promise<string | undefined> {
  return (await fileTypeFromBuffer(bytes))?.mime;
}

export async function fetchMedia(ctx: SandboxContext, sandboxUrl: string, url: string, opts: FetchMediaOptions): Promise<FetchedMedia> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, reason: "invalid_url" };
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return { ok: false, reason: "invalid_url" };
  const timeoutMs = opts.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const own = u.toString().startsWith(sandboxUrl.replace(/\/$/, "") + "/");
  try {
    const res = own ? await ctx.dispatch(new Request(u, { signal })) : await fetch(u, { signal, redirect: "follow" });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: false, reason: "http_status", status: res.status };
    }
    const bytes = await readCapped(res, opts.maxBytes);
    if (!bytes) return { ok: false, reason: "too_large" };
    if (bytes.length === 0) return { ok: false, reason: "empty" };
    return { ok: true, bytes, mime: await sniff(bytes), contentType: res.headers.get("content-type") };
  } catch (err) {
    if (signal.aborted) return { ok: false, reason: "timeout" };
    return { ok: false, reason: "unreachable", detail: err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err) };
  }
}
