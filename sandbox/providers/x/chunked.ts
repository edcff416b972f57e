/**
 * X API v2 chunked media upload, for videos, animated GIFs and large images (all need `media.write`):
 *
 *   POST /2/media/upload/initialize   JSON {media_type, total_bytes, media_category?}
 *                                     → {data:{id, media_key, expires_after_secs}}
 *   POST /2/media/upload/{id}/append  multipart `media` (the chunk) + `segment_index` (0–999)
 *                                     → {data:{expires_at}}
 *   POST /2/media/upload/{id}/finalize → {data:{id, media_key, size, expires_after_secs, processing_info?}}
 *   GET  /2/media/upload?command=STATUS&media_id=…  → the same shape, processing_info advanced
 *
 * The older form — POST /2/media/upload with `command=INIT|APPEND|FINALIZE` and `media_id` —
 * reaches the same handlers.
 *
 * Rules: `media_type` from X's list and matching the category; `total_bytes` within the
 * category's limit (images 5 MB, GIFs 15 MB, videos 512 MB); chunks ≤ 5 MB each; FINALIZE needs
 * segments 0…n-1 whose sizes add up to `total_bytes` (chunks may arrive in any order, as parallel
 * uploaders send them, and a segment sent again replaces the first). Images are ready at
 * FINALIZE (no processing_info); videos and GIFs are processed: `pending` for 1 s of sandbox
 * time, `in_progress` until 5 s, then `succeeded` — or `failed` (InvalidMedia) when the bytes are
 * not the declared format. POST /2/tweets refuses a media id until it is ready (api.ts).
 * Where X documents no wording, the error messages are the sandbox's own.
 */
import { json } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { requireUser } from "./auth";
import { GIF_MAX, IMAGE_MAX, looksLikeVideo, sniff, VIDEO_MAX } from "./media-bytes";
import { API_HOSTS } from "./oauth";
import { invalidRequest } from "./respond";
import { DAY_MS, PROCESSING_MS, processingInfo, snowflake, type XMedia, type XState } from "./state";

type StateOf = (ctx: SandboxContext) => XState;
type Handler = (req: SandboxRequest, ctx: SandboxContext) => Response;

/** Largest chunk one APPEND takes. */
export const CHUNK_MAX = 5 * 1024 * 1024;
export const MAX_SEGMENT_INDEX = 999;

type Kind = "image" | "gif" | "video";

/** Categories of the chunked flow: what they take, their size limit, and the media key prefix X gives them. */
const CATEGORIES: Record<string, { kind: Kind; max: number; keyPrefix: string }> = {
  tweet_image: { kind: "image", max: IMAGE_MAX, keyPrefix: "3" },
  dm_image: { kind: "image", max: IMAGE_MAX, keyPrefix: "3" },
  tweet_gif: { kind: "gif", max: GIF_MAX, keyPrefix: "16" },
  dm_gif: { kind: "gif", max: GIF_MAX, keyPrefix: "16" },
  tweet_video: { kind: "video", max: VIDEO_MAX, keyPrefix: "7" },
  dm_video: { kind: "video", max: VIDEO_MAX, keyPrefix: "7" },
  amplify_video: { kind: "video", max: VIDEO_MAX, keyPrefix: "13" },
};

/** X's documented `media_type` values. */
const MEDIA_TYPES = [
  "video/mp4", "video/webm", "video/mp2t", "video/quicktime", "text/srt", "text/vtt",
  "image/jpeg", "image/gif", "image/bmp", "image/png", "image/webp", "image/pjpeg", "image/tiff",
  "model/gltf-binary", "model/vnd.usdz+zip",
];

const TYPES_OF: Record<Kind, string[]> = {
  image: ["image/jpeg", "image/pjpeg", "image/png", "image/webp", "image/bmp", "image/tiff", "image/gif"],
  gif: ["image/gif"],
  video: ["video/mp4", "video/webm", "video/mp2t", "video/quicktime"],
};

/** Without `media_category`, the category that fits the media type. */
function defaultCategory(mediaType: string): string {
  if (mediaType.startsWith("video/")) return "tweet_video";
  if (mediaType === "image/gif") return "tweet_gif";
  return "tweet_image";
}

/** A string field from the JSON body, the form or the query (numbers in JSON come back as strings). */
function field(req: SandboxRequest, name: string): string | undefined {
  const j = req.json as Record<string, unknown> | undefined;
  if (j && typeof j === "object" && j[name] !== undefined && j[name] !== null) return String(j[name]);
  return req.form.get(name) ?? req.query.get(name) ?? undefined;
}

const secondsLeft = (m: XMedia, now: number) => Math.max(0, Math.floor((m.expiresAt - now) / 1000));

function mediaBody(m: XMedia, now: number): Record<string, unknown> {
  const data: Record<string, unknown> = { id: m.id, media_key: m.mediaKey, size: m.size, expires_after_secs: secondsLeft(m, now) };
  if (m.processing) data.processing_info = processingInfo(m.processing, now);
  return { data };
}

export interface ChunkedHandlers {
  initialize: Handler;
  append: Handler;
  finalize: Handler;
  status: Handler;
  /** POST /2/media/upload with `command=INIT|APPEND|FINALIZE` (`media_id` in the form or query). */
  command: Handler;
}

export function chunkedHandlers(stateOf: StateOf): ChunkedHandlers {
  /** The caller's own, unexpired media of a chunked upload, else a 400 naming the id. */
  const lookup = (ctx: SandboxContext, userId: string, id: string, param = "id"): XMedia | Response => {
    const m = stateOf(ctx).media.get(id);
    if (!m || m.ownerId !== userId || m.expiresAt <= ctx.clock.now()) {
      return invalidRequest([{ message: `Media id ${id} is not valid: unknown, expired, or uploaded by another user.`, parameters: { [param]: [id] } }]);
    }
    return m;
  };

  const initialize: Handler = (req, ctx) => {
    const token = requireUser(req, ctx, ["media.write"]);
    if (token instanceof Response) return token;
    const mediaType = field(req, "media_type");
    const rawTotal = field(req, "total_bytes");
    if (!mediaType) return invalidRequest([{ message: "The `media_type` field is required.", parameters: { media_type: [] } }]);
    if (!MEDIA_TYPES.includes(mediaType)) {
      return invalidRequest([{ message: `Invalid media_type: ${mediaType}. Expected one of ${MEDIA_TYPES.join(", ")}.`, parameters: { media_type: [mediaType] } }]);
    }
    if (rawTotal === undefined) return invalidRequest([{ message: "The `total_bytes` field is required.", parameters: { total_bytes: [] } }]);
    const totalBytes = Number(rawTotal);
    if (!/^\d+$/.test(rawTotal) || !Number.isSafeInteger(totalBytes)) {
      return invalidRequest([{ message: `total_bytes must be a non-negative integer, got ${rawTotal}.`, parameters: { total_bytes: [rawTotal] } }]);
    }
    const categoryName = field(req, "media_category") ?? defaultCategory(mediaType);
    const category = CATEGORIES[categoryName];
    if (!category) {
      const known = ["amplify_video", "tweet_gif", "tweet_image", "tweet_video", "dm_gif", "dm_image", "dm_video", "subtitles"];
      const message = known.includes(categoryName)
        ? `media_category ${categoryName} is not emulated by the sandbox.`
        : `Invalid media_category: ${categoryName}.`;
      return invalidRequest([{ message, parameters: { media_category: [categoryName] } }]);
    }
    if (!TYPES_OF[category.kind].includes(mediaType)) {
      return invalidRequest([{ message: `media_type ${mediaType} cannot be uploaded as ${categoryName}.`, parameters: { media_type: [mediaType], media_category: [categoryName] } }]);
    }
    if (totalBytes > category.max) {
      return invalidRequest([{ message: `File size exceeds ${category.max} bytes.`, parameters: { total_bytes: [rawTotal] } }]);
    }
    const state = stateOf(ctx);
    const now = ctx.clock.now();
    const id = snowflake(state, now);
    const media: XMedia = {
      id,
      mediaKey: `${category.keyPrefix}_${id}`,
      ownerId: token.userId,
      contentType: mediaType,
      size: totalBytes,
      width: 0,
      height: 0,
      expiresAt: now + DAY_MS,
      category: categoryName,
      upload: { totalBytes, segments: new Map(), finalized: false },
    };
    state.media.set(id, media);
    return json({ data: { id, media_key: media.mediaKey, expires_after_secs: DAY_MS / 1000 } });
  };

  const append: Handler = (req, ctx) => {
    const token = requireUser(req, ctx, ["media.write"]);
    if (token instanceof Response) return token;
    const m = lookup(ctx, token.userId, req.params.id ?? "");
    if (m instanceof Response) return m;
    if (!m.upload) return invalidRequest([{ message: `Media id ${m.id} was not created by initialize; only chunked uploads take segments.`, parameters: { id: [m.id] } }]);
    if (m.upload.finalized) return invalidRequest([{ message: `Media id ${m.id} is already finalized.`, parameters: { id: [m.id] } }]);
    const rawIndex = field(req, "segment_index");
    if (rawIndex === undefined) return invalidRequest([{ message: "The `segment_index` field is required.", parameters: { segment_index: [] } }]);
    const index = Number(rawIndex);
    if (!/^\d+$/.test(rawIndex) || index > MAX_SEGMENT_INDEX) {
      return invalidRequest([{ message: `SegmentIndex must be between 0 and ${MAX_SEGMENT_INDEX}.`, parameters: { segment_index: [rawIndex] } }]);
    }
    const file = req.files?.media?.[0];
    // `media` is a file part; a string `media` / `media_data` field is taken as base64, as X also accepts.
    const encoded = file ? undefined : field(req, "media") ?? field(req, "media_data");
    const bytes = file?.bytes ?? (encoded !== undefined ? Buffer.from(encoded, "base64") : undefined);
    if (!bytes) return invalidRequest([{ message: "The `media` field is required (multipart/form-data).", parameters: { media: [] } }]);
    if (bytes.length > CHUNK_MAX) {
      return invalidRequest([{ message: `Segment size exceeds ${CHUNK_MAX} bytes.`, parameters: { segment_index: [rawIndex] } }]);
    }
    m.upload.segments.set(index, bytes);
    return json({ data: { expires_at: Math.floor(m.expiresAt / 1000) } });
  };

  const finalize: Handler = (req, ctx) => {
    const token = requireUser(req, ctx, ["media.write"]);
    if (token instanceof Response) return token;
    const m = lookup(ctx, token.userId, req.params.id ?? "");
    if (m instanceof Response) return m;
    const upload = m.upload;
    if (!upload) return invalidRequest([{ message: `Media id ${m.id} was not created by initialize; there is nothing to finalize.`, parameters: { id: [m.id] } }]);
    if (upload.finalized) return invalidRequest([{ message: `Media id ${m.id} is already finalized.`, parameters: { id: [m.id] } }]);
    const indexes = [...upload.segments.keys()].sort((a, b) => a - b);
    const missing = indexes.findIndex((v, i) => v !== i);
    if (missing >= 0) {
      return invalidRequest([{ message: `Segment ${missing} is missing: segments must be numbered 0, 1, 2, … without gaps.`, parameters: { id: [m.id] } }]);
    }
    const bytes = Buffer.concat(indexes.map((i) => upload.segments.get(i)!));
    if (indexes.length === 0 || bytes.length !== upload.totalBytes) {
      return invalidRequest([{ message: "Segments do not add up to provided total file size.", parameters: { id: [m.id] } }]);
    }
    const now = ctx.clock.now();
    const kind = CATEGORIES[m.category ?? ""]?.kind ?? "image";
    const image = sniff(bytes);
    if (kind === "image") {
      if (!image) return invalidRequest([{ message: "media type unrecognized.", parameters: { id: [m.id] } }]);
      Object.assign(m, { contentType: image.type, width: image.width, height: image.height });
    } else {
      // Videos and GIFs are processed after FINALIZE; bytes that are not the declared format fail there.
      const valid = kind === "gif" ? image?.type === "image/gif" : looksLikeVideo(bytes, m.contentType);
      m.processing = {
        startedAt: now,
        doneAt: now + PROCESSING_MS,
        failure: valid ? undefined : { code: 1, name: "InvalidMedia", message: kind === "gif" ? "file is invalid" : "Unsupported video format" },
      };
      if (kind === "gif" && image) Object.assign(m, { width: image.width, height: image.height });
    }
    upload.finalized = true;
    upload.segments = new Map(); // the bytes are not needed any more
    m.size = bytes.length;
    m.expiresAt = now + DAY_MS;
    return json(mediaBody(m, now));
  };

  const status: Handler = (req, ctx) => {
    const token = requireUser(req, ctx, ["media.write"]);
    if (token instanceof Response) return token;
    const command = req.query.get("command");
    if (command !== null && command !== "STATUS") {
      return invalidRequest([{ message: `Invalid command: ${command}. GET /2/media/upload takes command=STATUS.`, parameters: { command: [command] } }]);
    }
    const id = req.query.get("media_id");
    if (!id) return invalidRequest([{ message: "The `media_id` query parameter is required.", parameters: { media_id: [] } }]);
    const m = lookup(ctx, token.userId, id, "media_id");
    if (m instanceof Response) return m;
    if (m.upload && !m.upload.finalized) {
      return invalidRequest([{ message: `Media id ${id} has not been finalized yet.`, parameters: { media_id: [id] } }]);
    }
    return json(mediaBody(m, ctx.clock.now()));
  };

  const command: Handler = (req, ctx) => {
    const name = req.form.get("command") ?? req.query.get("command");
    const withId = (h: Handler) => (r: SandboxRequest, c: SandboxContext) => {
      const id = field(r, "media_id");
      if (!id) {
        const token = requireUser(r, c, ["media.write"]);
        if (token instanceof Response) return token;
        return invalidRequest([{ message: "The `media_id` field is required.", parameters: { media_id: [] } }]);
      }
      return h({ ...r, params: { ...r.params, id } }, c);
    };
    if (name === "INIT") return initialize(req, ctx);
    if (name === "APPEND") return withId(append)(req, ctx);
    if (name === "FINALIZE") return withId(finalize)(req, ctx);
    const token = requireUser(req, ctx, ["media.write"]);
    if (token instanceof Response) return token;
    return invalidRequest([{ message: `Invalid command: ${name}. Expected INIT, APPEND or FINALIZE (STATUS is a GET).`, parameters: { command: [String(name)] } }]);
  };

  return { initialize, append, finalize, status, command };
}

export function chunkedRoutes(h: ChunkedHandlers): Route[] {
  return [
    { method: "POST", host: API_HOSTS, path: "/2/media/upload/initialize", label: "api.x.com POST /2/media/upload/initialize", handler: h.initialize },
    { method: "POST", host: API_HOSTS, path: "/2/media/upload/:id/append", label: "api.x.com POST /2/media/upload/{id}/append", handler: h.append },
    { method: "POST", host: API_HOSTS, path: "/2/media/upload/:id/finalize", label: "api.x.com POST /2/media/upload/{id}/finalize", handler: h.finalize },
    { method: "GET", host: API_HOSTS, path: "/2/media/upload", label: "api.x.com GET /2/media/upload", handler: h.status },
  ];
}
