/**
 * Instagram content publishing, shared by graph.facebook.com (Page token) and
 * graph.instagram.com (Instagram Login token): POST /{ig}/media → container. Like Meta, the
 * sandbox downloads `image_url` (sniffing the bytes: JPEG only, ≤ 8 MiB, aspect ratio 4:5 to
 * 1.91:1); the container is IN_PROGRESS for a few seconds of sandbox time, then FINISHED, or
 * ERROR with the reason in `status` when the download or the image failed. POST
 * /{ig}/media_publish publishes only a FINISHED container; 100 posts per 24 h.
 */
import sharp from "sharp";
import { fetchMedia } from "../../core/fetch-media";
import { param } from "../../core/http";
import type { SandboxContext, SandboxRequest } from "../../core/types";
import { E, metaError } from "./errors";

export const CONTAINER_READY_MS = 3_000;
export const CONTAINER_EXPIRES_MS = 24 * 3_600_000;
export const PUBLISH_QUOTA = 100;
export const CAPTION_MAX = 2_200;
export const IMAGE_MAX_BYTES = 8 * 1024 * 1024;
/** Width / height bounds: 4:5 to 1.91:1. */
export const ASPECT_MIN = 4 / 5;
export const ASPECT_MAX = 1.91;

export type ContainerStatus = "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";

export interface Container {
  id: string;
  ownerId: string;
  mediaType: "IMAGE" | "CAROUSEL" | "STORIES";
  imageUrl?: string;
  caption: string;
  children: string[];
  isCarouselItem: boolean;
  createdAt: number;
  published: boolean;
  mediaId?: string;
  /** Why processing failed (the download or the image); the container ends in ERROR. */
  failure?: ImageFailure;
}

/** A documented Instagram error (error-codes reference): code, subcode and user message. */
export interface ImageFailure {
  code: number;
  subcode: number;
  title: string;
  message: string;
}

export interface IgMedia {
  id: string;
  ownerId: string;
  caption: string;
  mediaType: string;
  mediaUrl?: string;
  permalink: string;
  timestamp: string;
  publishedAt: number;
}

export interface IgPublishingState {
  containers: Map<string, Container>;
  media: Map<string, IgMedia>;
  seq: number;
}

export function createIgPublishingState(): IgPublishingState {
  return { containers: new Map(), media: new Map(), seq: 0 };
}

export function containerStatus(c: Container, now: number): ContainerStatus {
  if (c.published) return "PUBLISHED";
  if (now - c.createdAt >= CONTAINER_EXPIRES_MS) return "EXPIRED";
  if (now - c.createdAt < CONTAINER_READY_MS) return "IN_PROGRESS";
  return c.failure ? "ERROR" : "FINISHED";
}

const STATUS_TEXT: Record<ContainerStatus, string> = {
  IN_PROGRESS: "In Progress: Media is still being processed.",
  FINISHED: "Finished: Media has been uploaded and it is ready to be published.",
  PUBLISHED: "Published: Media has been published.",
  EXPIRED: "Expired: The container was not published within 24 hours.",
  ERROR: "Error: Media upload failed.",
};

/** The container as a Graph node (for `GET /{container}?fields=status_code,status`). */
export function containerNode(c: Container, now: number): Record<string, unknown> {
  const status = containerStatus(c, now);
  const text = status === "ERROR" && c.failure ? `Error: ${c.failure.message}` : STATUS_TEXT[status];
  return { __type: "ShadowIGMediaBuilder", id: c.id, status_code: status, status: text };
}

export function mediaNode(m: IgMedia): Record<string, unknown> {
  return {
    __type: "IGMedia",
    id: m.id,
    caption: m.caption,
    media_type: m.mediaType,
    media_product_type: "FEED",
    media_url: m.mediaUrl,
    permalink: m.permalink,
    timestamp: m.timestamp,
    like_count: 0,
    comments_count: 0,
    owner: { id: m.ownerId },
  };
}

function nextId(state: IgPublishingState, base: string): string {
  state.seq += 1;
  return base.padEnd(11, "0") + String(state.seq).padStart(6, "0");
}

const mediaError = (subcode: number, code: number, message: string, title: string, userMsg: string) =>
  metaError(400, { message, code, error_subcode: subcode, is_transient: false, error_user_title: title, error_user_msg: userMsg });

const FAILURES = {
  download: { code: 9004, subcode: 2207052, title: "Media download has failed", message: "Media download has failed. The media URI doesn't meet our requirements." },
  timeout: { code: -2, subcode: 2207003, title: "Timeout downloading media", message: "It takes too long to download the media." },
  tooLarge: { code: 36000, subcode: 2207004, title: "Image size too large", message: "The image is too large to download. It should be less than 8 MiB." },
  format: { code: 36001, subcode: 2207005, title: "Unsupported image format", message: "The image format is not supported. Supported formats are: JPEG." },
} satisfies Record<string, ImageFailure>;

/** The width / height of an image as displayed (EXIF orientations 5–8 swap the sides). */
async function displayRatio(bytes: Buffer): Promise<number | undefined> {
  try {
    const m = await sharp(bytes).metadata();
    if (!m.width || !m.height) return undefined;
    return (m.orientation ?? 1) >= 5 ? m.height / m.width : m.width / m.height;
  } catch {
    return undefined;
  }
}

/**
 * Downloads `image_url` as Meta does: JPEG only (by its bytes, whatever the URL or the
 * Content-Type say), at most 8 MiB, aspect ratio 4:5 to 1.91:1. Answers the failure, if any.
 */
export async function downloadIgImage(ctx: SandboxContext, sandboxUrl: string, url: string, timeoutMs?: number): Promise<ImageFailure | undefined> {
  const got = await fetchMedia(ctx, sandboxUrl, url, { maxBytes: IMAGE_MAX_BYTES, timeoutMs });
  if (!got.ok) return got.reason === "timeout" ? FAILURES.timeout : got.reason === "too_large" ? FAILURES.tooLarge : FAILURES.download;
  if (got.mime !== "image/jpeg") return got.mime?.startsWith("image/") ? FAILURES.format : FAILURES.download;
  const ratio = await displayRatio(got.bytes);
  if (ratio === undefined) return FAILURES.download;
  if (ratio < ASPECT_MIN - 1e-3 || ratio > ASPECT_MAX + 1e-3) {
    return { code: 36003, subcode: 2207009, title: "Aspect ratio is not supported", message: `The submitted image with aspect ratio ('${ratio.toFixed(2)}') cannot be published. Please submit an image with a valid aspect ratio.` };
  }
  return undefined;
}

/** POST /{ig}/media. */
export async function createContainer(state: IgPublishingState, ctx: SandboxContext, req: SandboxRequest, ownerId: string): Promise<Response> {
  const now = ctx.clock.now();
  const mediaType = (param(req, "media_type") ?? "IMAGE").toUpperCase();
  const caption = param(req, "caption") ?? "";
  const isCarouselItem = param(req, "is_carousel_item") === "true";
  if (!["IMAGE", "CAROUSEL", "STORIES"].includes(mediaType)) {
    return E.param(`The parameter media_type must be one of {IMAGE, CAROUSEL, STORIES, REELS, VIDEO}; the sandbox supports IMAGE, CAROUSEL and STORIES.`);
  }
  if (caption.length > CAPTION_MAX) {
    return mediaError(2207010, 100, `(#100) The caption must be at most ${CAPTION_MAX} characters long.`, "Caption too long", `The caption has ${caption.length} characters; the limit is ${CAPTION_MAX}.`);
  }
  if ((caption.match(/#[\p{L}\p{N}_]+/gu) ?? []).length > 30) {
    return mediaError(2207010, 100, "(#100) The caption can contain at most 30 hashtags.", "Too many hashtags", "Captions can have up to 30 hashtags.");
  }
  let children: string[] = [];
  let imageUrl: string | undefined;
  let failure: ImageFailure | undefined;
  if (mediaType === "CAROUSEL") {
    children = (param(req, "children") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (children.length < 2 || children.length > 10) return E.param("The parameter children must contain between 2 and 10 container ids.", 2207021);
    for (const id of children) {
      const c = state.containers.get(id);
      if (!c || c.ownerId !== ownerId || !c.isCarouselItem) return E.param(`The carousel item ${id} is invalid.`, 2207021);
      if (containerStatus(c, now) !== "FINISHED") {
        return mediaError(2207027, 9007, "Media ID is not available", "Media not ready", "The carousel items are not ready for publishing, please wait for a moment.");
      }
    }
  } else {
    imageUrl = param(req, "image_url");
    if (!imageUrl) {
      if (param(req, "video_url")) return E.param("The sandbox supports images only; the parameter image_url is required.");
      return E.param("The parameter image_url is required.");
    }
    if (!/^https?:\/\/[^/]/i.test(imageUrl) || !URL.canParse(imageUrl)) return E.param("The parameter image_url is invalid.", 2207052);
    failure = await downloadIgImage(ctx, req.sandboxUrl, imageUrl);
  }
  const c: Container = {
    id: nextId(state, "17889"),
    ownerId,
    mediaType: mediaType as Container["mediaType"],
    imageUrl,
    caption,
    children,
    isCarouselItem,
    createdAt: now,
    published: false,
    failure,
  };
  state.containers.set(c.id, c);
  return Response.json({ id: c.id });
}

/** POST /{ig}/media_publish?creation_id=… */
export function publishContainer(state: IgPublishingState, ctx: SandboxContext, req: SandboxRequest, ownerId: string): Response {
  const now = ctx.clock.now();
  const creationId = param(req, "creation_id");
  if (!creationId) return E.param("The parameter creation_id is required.");
  const c = state.containers.get(creationId);
  if (!c || c.ownerId !== ownerId || c.isCarouselItem) return E.param(`Param creation_id must be a valid container id owned by ${ownerId}`, 2207023);
  const status = containerStatus(c, now);
  if (status === "PUBLISHED") return mediaError(2207001, 9007, "The media has already been published.", "Already published", "This container was already published.");
  if (status === "EXPIRED") return mediaError(2207020, -2, "The media you are trying to access has expired. Please try to upload again.", "Media expired", "Create a new container and publish it.");
  if (status === "ERROR" && c.failure) return mediaError(c.failure.subcode, c.failure.code, c.failure.message, c.failure.title, c.failure.message);
  if (status !== "FINISHED") {
    return mediaError(2207027, 9007, "Media ID is not available", "Media not ready for publishing", "The media is not ready for publishing, please wait for a moment.");
  }
  if (quotaUsage(state, ownerId, now) >= PUBLISH_QUOTA) {
    return mediaError(2207042, 9, "Application request limit reached", "Publishing limit reached", "You reached maximum number of posts that is allowed to be published by Content Publishing API.");
  }
  c.published = true;
  const id = nextId(state, "17920");
  const shortcode = Buffer.from(id).toString("base64url").slice(0, 11);
  const urls = c.mediaType === "CAROUSEL" ? c.children.map((k) => state.containers.get(k)?.imageUrl ?? "") : c.imageUrl ? [c.imageUrl] : [];
  state.media.set(id, {
    id,
    ownerId,
    caption: c.caption,
    mediaType: c.mediaType === "CAROUSEL" ? "CAROUSEL_ALBUM" : "IMAGE",
    mediaUrl: urls[0],
    permalink: `https://www.instagram.com/p/${shortcode}/`,
    timestamp: new Date(now).toISOString().replace(/\.\d+Z$/, "+0000"),
    publishedAt: now,
  });
  c.mediaId = id;
  ctx.recordPost({ platform: "instagram", target: ownerId, id, text: c.caption, media: urls });
  return Response.json({ id });
}

export function quotaUsage(state: IgPublishingState, ownerId: string, now: number): number {
  return [...state.media.values()].filter((m) => m.ownerId === ownerId && now - m.publishedAt < 86_400_000).length;
}

/** GET /{ig}/content_publishing_limit?fields=quota_usage,config */
export function publishingLimit(state: IgPublishingState, ctx: SandboxContext, ownerId: string): Response {
  return Response.json({ data: [{ quota_usage: quotaUsage(state, ownerId, ctx.clock.now()), config: { quota_total: PUBLISH_QUOTA, quota_duration: 86400 } }] });
}
