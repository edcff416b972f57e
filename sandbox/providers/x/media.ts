/**
 * POST /2/media/upload (one-shot, multipart `media` + `media_category`), the v2 simple upload
 * for images and GIFs. Videos need the chunked initialize/append/finalize flow, which the
 * sandbox does not emulate.
 */
import { json } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { requireUser } from "./auth";
import { API_HOSTS } from "./oauth";
import { invalidRequest } from "./respond";
import { DAY_MS, snowflake, type XState } from "./state";

const CATEGORIES = new Set(["tweet_image", "tweet_gif", "dm_image", "dm_gif", "subtitles"]);
const IMAGE_MAX = 5 * 1024 * 1024;
const GIF_MAX = 15 * 1024 * 1024;

function sniff(bytes: Buffer): { type: string; width: number; height: number } | undefined {
  if (bytes[0] === 0x89 && bytes.subarray(1, 4).toString("latin1") === "PNG") {
    return { type: "image/png", width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.subarray(0, 4).toString("latin1") === "GIF8") return { type: "image/gif", width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") {
    return { type: "image/webp", width: 0, height: 0 };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk JPEG segments to the first start-of-frame marker for the dimensions.
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) break;
      const marker = bytes[i + 1]!;
      const len = bytes.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { type: "image/jpeg", height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
      }
      i += 2 + len;
    }
    return { type: "image/jpeg", width: 0, height: 0 };
  }
  return undefined;
}

function upload(stateOf: (ctx: SandboxContext) => XState) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const token = requireUser(req, ctx, ["media.write"]);
    if (token instanceof Response) return token;
    const file = req.files?.media?.[0];
    const category = req.form.get("media_category") ?? "tweet_image";
    if (!file) return invalidRequest([{ message: "The `media` field is required (multipart/form-data).", parameters: { media: [] } }]);
    if (!CATEGORIES.has(category)) return invalidRequest([{ message: `Invalid media_category: ${category}`, parameters: { media_category: [category] } }]);
    const info = sniff(file.bytes);
    if (!info) return invalidRequest([{ message: "media type unrecognized.", parameters: { media: [file.filename] } }]);
    const max = info.type === "image/gif" ? GIF_MAX : IMAGE_MAX;
    if (file.bytes.length > max) return invalidRequest([{ message: `File size exceeds ${max} bytes.`, parameters: { media: [file.filename] } }]);
    const state = stateOf(ctx);
    const now = ctx.clock.now();
    const id = snowflake(state, now);
    const media = {
      id,
      mediaKey: `3_${id}`,
      ownerId: token.userId,
      contentType: info.type,
      size: file.bytes.length,
      width: info.width,
      height: info.height,
      expiresAt: now + DAY_MS,
    };
    state.media.set(id, media);
    return json({
      data: {
        id,
        media_key: media.mediaKey,
        size: media.size,
        expires_after_secs: DAY_MS / 1000,
        image: { image_type: info.type, w: info.width, h: info.height },
      },
    });
  };
}

export function mediaRoutes(stateOf: (ctx: SandboxContext) => XState): Route[] {
  return [{ method: "POST", host: API_HOSTS, path: "/2/media/upload", label: "api.x.com POST /2/media/upload", handler: upload(stateOf) }];
}
