import "server-only";
import { z } from "zod";
import type { HttpResponse } from "@/lib/http";
import { parseBody, type ProviderCallOptions } from "@/lib/providers/call";
import { ProviderError, type PublishHooks, type PublishImage, type PublishRequest, type PublishResult } from "@/lib/providers/types";
import { LINKEDIN_API } from "./config";
import { linkedinApi, restHeaders } from "./api";

/** LinkedIn's "little text" reserved characters: each must be escaped, or LinkedIn cuts the post at it. */
const RESERVED = /[\\|{}@[\]()<>#*_~]/g;

/** Plain text as `commentary` ("little text"): every reserved character escaped, so it arrives whole. */
export function escapeLittleText(text: string): string {
  return text.replace(RESERVED, (ch) => `\\${ch}`);
}

async function call(url: string, token: string, options: ProviderCallOptions): Promise<HttpResponse> {
  return linkedinApi.request(url, { ...options, headers: { ...restHeaders(token), ...(options.headers as Record<string, string> | undefined) } });
}

const ZInit = z.object({ value: z.object({ uploadUrl: z.string(), image: z.string() }) });
const ZImage = z.object({ status: z.string() });
const POLL_MS = [250, 500, 1000, 1000, 2000, 2000, 4000, 4000, 8000, 8000];

function authorOf(req: PublishRequest): string {
  return req.connection.postTargetType === "organization" ? `urn:li:organization:${req.connection.providerAccountId}` : `urn:li:person:${req.connection.providerAccountId}`;
}

/** initializeUpload → PUT the bytes → poll until AVAILABLE (no fixed sleep). */
async function uploadImage(req: PublishRequest, author: string, image: PublishImage): Promise<string> {
  const init = parseBody(
    await call(`${LINKEDIN_API}/rest/images`, req.accessToken, { method: "POST", query: { action: "initializeUpload" }, json: { initializeUploadRequest: { owner: author } }, retry: true }),
    ZInit,
  );
  await linkedinApi.request(init.value.uploadUrl, {
    method: "PUT",
    headers: { authorization: `Bearer ${req.accessToken}`, "content-type": image.mime },
    body: new Blob([new Uint8Array(await image.read())], { type: image.mime }),
  });
  for (const wait of [0, ...POLL_MS]) {
    if (wait) await req.sleep(wait);
    const { status } = parseBody(await call(`${LINKEDIN_API}/rest/images/${encodeURIComponent(init.value.image)}`, req.accessToken, { method: "GET" }), ZImage);
    if (status === "AVAILABLE") return init.value.image;
    if (status === "PROCESSING_FAILED") throw new ProviderError("invalid_input", "LinkedIn could not process the image", { providerCode: status });
  }
  throw new ProviderError("transient", "LinkedIn is still processing the image", { providerCode: "PROCESSING" });
}

const DUPLICATE = /duplicate of (urn:li:(?:share|ugcPost):[A-Za-z0-9_-]+)/;

function postUrl(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}

async function createPost(req: PublishRequest, author: string, imageUrns: string[]): Promise<string> {
  const content =
    imageUrns.length === 1 ? { media: { id: imageUrns[0] } } : imageUrns.length > 1 ? { multiImage: { images: imageUrns.map((id) => ({ id })) } } : undefined;
  const res = await call(`${LINKEDIN_API}/rest/posts`, req.accessToken, {
    method: "POST",
    json: {
      author,
      commentary: escapeLittleText(req.text),
      visibility: "PUBLIC",
      distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
      ...(content ? { content } : {}),
      lifecycleState: "PUBLISHED",
      isReshareDisabledByAuthor: false,
    },
  });
  const urn = res.headers.get("x-restli-id");
  if (!urn) throw new ProviderError("unknown", "LinkedIn did not return the post's id");
  return urn;
}

async function publish(req: PublishRequest): Promise<PublishResult> {
  const author = authorOf(req);
  let images: string[] = [];
  let withoutImage = false;
  try {
    for (const image of req.images) images.push(await uploadImage(req, author, image));
  } catch (err) {
    // Only a refusal of the image itself; a 5xx, a limit or a dead token is retried as usual.
    if (!(err instanceof ProviderError) || (err.kind !== "invalid_input" && err.kind !== "permission") || !req.allowTextFallback) throw err;
    images = [];
    withoutImage = true;
  }
  const urn = await createPost(req, author, images);
  await req.saveProgress({ post: urn });
  return { remoteId: urn, url: postUrl(urn), withoutImage };
}

/**
 * LinkedIn: images (initializeUpload → PUT → AVAILABLE), then POST /rest/posts as the member or
 * the organization, commentary escaped as little text. After a crash, sending again is the
 * check: LinkedIn refuses a duplicate of a recent post and names it (`DUPLICATE_POST`).
 */
export const linkedinPublishing: PublishHooks = {
  publish,
  async findRecent(req) {
    try {
      return await publish(req);
    } catch (err) {
      const urn = err instanceof ProviderError ? DUPLICATE.exec(err.message)?.[1] : undefined;
      if (urn) return { remoteId: urn, url: postUrl(urn) };
      throw err;
    }
  },
  profileUrl: () => "https://www.linkedin.com/feed/",
};
