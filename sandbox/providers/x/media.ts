/**
 * POST /2/media/upload (one-shot, multipart `media` + `media_category`), the v2 simple upload
 * for images and GIFs. Videos and large files go through the chunked flow in chunked.ts.
 */
import { json } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { requireUser } from "./auth";
import { API_HOSTS } from "./oauth";
import { chunkedHandlers, chunkedRoutes } from "./chunked";
import { GIF_MAX, IMAGE_MAX, sniff } from "./media-bytes";
import { findXUser } from "./fixtures";
import { clientForbidden, invalidRequest } from "./respond";
import { DAY_MS, snowflake, type XState } from "./state";

const CATEGORIES = new Set(["tweet_image", "tweet_gif", "dm_image", "dm_gif", "subtitles"]);

function upload(stateOf: (ctx: SandboxContext) => XState) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const token = requireUser(req, ctx, ["media.write"]);
    if (token instanceof Response) return token;
    if (findXUser(token.userId)?.mediaForbidden) return clientForbidden(token.clientId);
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
      category,
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
  const chunked = chunkedHandlers(stateOf);
  const simple = upload(stateOf);
  return [
    {
      method: "POST",
      host: API_HOSTS,
      path: "/2/media/upload",
      label: "api.x.com POST /2/media/upload",
      // The same URL also takes the older `command=INIT|APPEND|FINALIZE` form of the chunked flow.
      handler: (req, ctx) => (req.form.get("command") || req.query.get("command") ? chunked.command(req, ctx) : simple(req, ctx)),
    },
    ...chunkedRoutes(chunked),
  ];
}
