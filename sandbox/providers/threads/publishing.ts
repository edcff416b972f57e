/**
 * Threads containers: IN_PROGRESS for a few seconds of sandbox time, then FINISHED, or ERROR
 * (with `error_message`) when the image could not be downloaded or is not a JPEG/PNG; publish
 * only FINISHED; 250 posts / 24 h. Text counts emoji by their UTF-8 bytes toward 500.
 */
import { fetchMedia } from "../../core/fetch-media";
import { json, param } from "../../core/http";
import type { SandboxContext, SandboxRequest } from "../../core/types";
import { metaError } from "../meta/errors";
import { CONTAINER_EXPIRES_MS, CONTAINER_READY_MS } from "../meta/ig-publishing";
import { THREADS } from "./fixtures";

export const THREADS_QUOTA = 250;

export interface ThreadsContainer {
  id: string;
  ownerId: string;
  mediaType: "TEXT" | "IMAGE";
  text: string;
  imageUrl?: string;
  createdAt: number;
  published: boolean;
  postId?: string;
  /** One of the documented container error messages (FAILED_DOWNLOADING_VIDEO, …, UNKNOWN). */
  errorMessage?: string;
}

export interface ThreadsPost {
  id: string;
  ownerId: string;
  text: string;
  mediaType: string;
  permalink: string;
  timestamp: string;
  publishedAt: number;
}

export interface ThreadsState {
  containers: Map<string, ThreadsContainer>;
  posts: Map<string, ThreadsPost>;
  seq: number;
}

export function createThreadsState(): ThreadsState {
  return { containers: new Map(), posts: new Map(), seq: 0 };
}

function status(c: ThreadsContainer, now: number): string {
  if (c.published) return "PUBLISHED";
  if (now - c.createdAt >= CONTAINER_EXPIRES_MS) return "EXPIRED";
  if (now - c.createdAt < CONTAINER_READY_MS) return "IN_PROGRESS";
  return c.errorMessage ? "ERROR" : "FINISHED";
}

export function threadsContainerNode(c: ThreadsContainer, now: number): Record<string, unknown> {
  const st = status(c, now);
  return { __type: "ThreadsMediaContainer", id: c.id, status: st, error_message: st === "ERROR" ? c.errorMessage : undefined };
}

export const TEXT_MAX = 500;
const EMOJI_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Length as Threads counts it toward 500: one per character, an emoji by its UTF-8 bytes. */
export function threadsTextLength(text: string): number {
  let n = 0;
  for (const { segment } of segmenter.segment(text)) n += EMOJI_RE.test(segment) ? Buffer.byteLength(segment, "utf8") : [...segment].length;
  return n;
}

export const IMAGE_MAX_BYTES = 8 * 1024 * 1024;

/** Downloads `image_url` as Threads does: JPEG or PNG by their bytes, ≤ 8 MB. Answers the container's error_message, if any. */
export async function downloadThreadsImage(ctx: SandboxContext, sandboxUrl: string, url: string): Promise<string | undefined> {
  const got = await fetchMedia(ctx, sandboxUrl, url, { maxBytes: IMAGE_MAX_BYTES });
  if (!got.ok) return "UNKNOWN";
  return got.mime === "image/jpeg" || got.mime === "image/png" ? undefined : "UNKNOWN";
}

export function quotaUsage(s: ThreadsState, ownerId: string, now: number): number {
  return [...s.posts.values()].filter((p) => p.ownerId === ownerId && now - p.publishedAt < 86_400_000).length;
}

const thErr = (message: string, code: number, subcode?: number) => metaError(400, { message, type: "THApiException", code, error_subcode: subcode });

export function publishThread(s: ThreadsState, ctx: SandboxContext, req: SandboxRequest, ownerId: string): Response {
  const now = ctx.clock.now();
  const creationId = param(req, "creation_id");
  if (!creationId) return thErr("Param creation_id is required.", 100);
  const c = s.containers.get(creationId);
  if (!c || c.ownerId !== ownerId) return thErr("The requested resource does not exist", 24, 4279009);
  const st = status(c, now);
  if (st === "PUBLISHED") return thErr("This container has already been published.", 100, 4279010);
  if (st === "EXPIRED") return thErr("The media container has expired. Create a new one.", 100, 4279011);
  if (st === "ERROR") return thErr(`The media container failed to process (${c.errorMessage}); create a new one.`, 100, 4279014);
  if (st !== "FINISHED") return thErr("Media is not ready to be published. Please wait a moment.", 9007, 4279012);
  if (quotaUsage(s, ownerId, now) >= THREADS_QUOTA) return thErr("You have reached the publishing limit of 250 posts in 24 hours.", 9, 4279013);
  s.seq += 1;
  const id = `1807${String(s.seq).padStart(13, "0")}`;
  const username = THREADS.user(ownerId)?.username ?? "user";
  const shortcode = Buffer.from(id).toString("base64url").slice(0, 11);
  s.posts.set(id, {
    id,
    ownerId,
    text: c.text,
    mediaType: c.mediaType === "IMAGE" ? "IMAGE" : "TEXT_POST",
    permalink: `https://www.threads.net/@${username}/post/${shortcode}`,
    timestamp: new Date(now).toISOString().replace(/\.\d+Z$/, "+0000"),
    publishedAt: now,
  });
  c.published = true;
  c.postId = id;
  ctx.recordPost({ platform: "threads", target: ownerId, id, text: c.text, media: c.imageUrl ? [c.imageUrl] : [] });
  return json({ id });
}
