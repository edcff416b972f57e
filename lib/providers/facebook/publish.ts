import "server-only";
import { z } from "zod";
import { ProviderError, type PublishHooks, type PublishRequest, type PublishResult } from "@/lib/providers/types";
import { graphCall } from "./graph";

const ZId = z.object({ id: z.string() });
const ZFeed = z.object({ data: z.array(z.object({ id: z.string(), message: z.string().optional() })) });

function creds(req: PublishRequest) {
  if (!req.credentials) throw new ProviderError("permission", "Facebook is not configured");
  return req.credentials;
}

function postUrl(id: string): string {
  const [page, post] = id.split("_");
  return post ? `https://www.facebook.com/${page}/posts/${post}` : `https://www.facebook.com/${id}`;
}

/** Facebook Page: text to /feed; images first as unpublished photos (Facebook downloads the URL), attached to the feed post. */
async function publish(req: PublishRequest): Promise<PublishResult> {
  const page = req.connection.providerAccountId;
  const call = { token: req.accessToken, creds: creds(req) };
  const attached: Record<string, string> = {};
  for (const [i, image] of req.images.entries()) {
    const key = `photo${i}`;
    let id = req.progress[key];
    if (!id) {
      id = (await graphCall("POST", `${page}/photos`, ZId, { ...call, form: { url: image.url, published: "false" } })).id;
      await req.saveProgress({ [key]: id });
    }
    attached[`attached_media[${i}]`] = JSON.stringify({ media_fbid: id });
  }
  const { id } = await graphCall("POST", `${page}/feed`, ZId, { ...call, form: { message: req.text || undefined, ...attached } });
  await req.saveProgress({ post: id });
  return { remoteId: id, url: postUrl(id) };
}

export const facebookPublishing: PublishHooks = {
  publish,
  /** The Page's recent posts: one with exactly this text is the one a crashed run sent. */
  async findRecent(req) {
    const feed = await graphCall("GET", `${req.connection.providerAccountId}/feed`, ZFeed, {
      token: req.accessToken,
      creds: creds(req),
      query: { fields: "id,message", limit: 25 },
    });
    const match = feed.data.find((p) => (p.message ?? "") === req.text);
    return match ? { remoteId: match.id, url: postUrl(match.id) } : null;
  },
  profileUrl: (c) => `https://www.facebook.com/${c.providerAccountId}`,
};
