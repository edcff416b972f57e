/**
 * Publishing: `POST /rest/posts` (versioned Posts API) and legacy `POST /v2/ugcPosts`. Both
 * need `X-Restli-Protocol-Version: 2.0.0`, validate the body, check the author (the member with
 * w_member_social, or a page they administer with w_organization_social), limit commentary to
 * 3,000 characters, refuse duplicate content (422 DUPLICATE_POST in errorDetails.inputErrors),
 * and answer 201 with the share URN in `x-restli-id`. `/rest/posts` commentary is "little"
 * text: an unescaped reserved character cuts the stored text there, silently, as LinkedIn does.
 */
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { checkProtocol, restCaller, v2Caller, type Caller } from "./auth";
import { parseLittleText } from "./little-text";
import { mayActAs } from "./permissions";
import { accessDenied, created, duplicatePost, restError, unprocessable } from "./respond";
import { activityId, imageStatus, type LinkedInState } from "./state";

type StateOf = (ctx: SandboxContext) => LinkedInState;
const API = "api.linkedin.com";
export const MAX_COMMENTARY = 3000;

interface Draft {
  author: string;
  commentary: string;
  /** Image ids (urn:li:image:X and urn:li:digitalmediaAsset:X share X). */
  imageIds: string[];
}

const missing = (path: string) => unprocessable(path, "field is required but not found and has no default value");

function parseRestPost(body: Record<string, any>): Draft | Response {
  for (const f of ["author", "visibility", "distribution", "lifecycleState"]) if (body[f] === undefined) return missing(`/${f}`);
  if (typeof body.author !== "string") return unprocessable("/author", "expected a URN string");
  if (body.commentary !== undefined && typeof body.commentary !== "string") return unprocessable("/commentary", "expected a string");
  if (!["PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER"].includes(body.visibility)) return unprocessable("/visibility", `invalid enum value ${JSON.stringify(body.visibility)}`);
  const d = body.distribution;
  if (typeof d !== "object" || d === null) return unprocessable("/distribution", "expected a record");
  if (!["MAIN_FEED", "NONE"].includes(d.feedDistribution)) return unprocessable("/distribution/feedDistribution", `invalid enum value ${JSON.stringify(d.feedDistribution)}`);
  if (body.lifecycleState !== "PUBLISHED" && body.lifecycleState !== "DRAFT") return unprocessable("/lifecycleState", `invalid enum value ${JSON.stringify(body.lifecycleState)}`);
  const imageIds: string[] = [];
  const content = body.content;
  if (content?.media) {
    if (typeof content.media.id !== "string" || !content.media.id.startsWith("urn:li:image:")) return unprocessable("/content/media/id", "expected an urn:li:image URN");
    imageIds.push(content.media.id.slice("urn:li:image:".length));
  }
  if (content?.multiImage) {
    const images = content.multiImage.images;
    if (!Array.isArray(images) || images.length < 2 || images.length > 20) return unprocessable("/content/multiImage/images", "between 2 and 20 images are required");
    for (const i of images) {
      if (typeof i?.id !== "string" || !i.id.startsWith("urn:li:image:")) return unprocessable("/content/multiImage/images/id", "expected an urn:li:image URN");
      imageIds.push(i.id.slice("urn:li:image:".length));
    }
  }
  if (content?.article && typeof content.article.source !== "string") return missing("/content/article/source");
  return { author: body.author, commentary: body.commentary ?? "", imageIds };
}

function parseUgcPost(body: Record<string, any>): Draft | Response {
  for (const f of ["author", "lifecycleState", "specificContent", "visibility"]) if (body[f] === undefined) return missing(`/${f}`);
  if (typeof body.author !== "string") return unprocessable("/author", "expected a URN string");
  const share = body.specificContent?.["com.linkedin.ugc.ShareContent"];
  if (!share) return missing("/specificContent/com.linkedin.ugc.ShareContent");
  const category = share.shareMediaCategory ?? "NONE";
  if (!["NONE", "ARTICLE", "IMAGE"].includes(category)) return unprocessable("/specificContent/com.linkedin.ugc.ShareContent/shareMediaCategory", `invalid enum value ${category}`);
  const media: any[] = Array.isArray(share.media) ? share.media : [];
  if (category === "IMAGE" && media.length === 0) return missing("/specificContent/com.linkedin.ugc.ShareContent/media");
  const imageIds: string[] = [];
  if (category === "IMAGE") {
    for (const m of media) {
      if (typeof m?.media !== "string" || !m.media.startsWith("urn:li:digitalmediaAsset:")) {
        return unprocessable("/specificContent/com.linkedin.ugc.ShareContent/media/media", "expected an urn:li:digitalmediaAsset URN");
      }
      imageIds.push(m.media.slice("urn:li:digitalmediaAsset:".length));
    }
  }
  const visibility = body.visibility?.["com.linkedin.ugc.MemberNetworkVisibility"];
  if (!["PUBLIC", "CONNECTIONS", "LOGGED_IN"].includes(visibility)) return unprocessable("/visibility/com.linkedin.ugc.MemberNetworkVisibility", `invalid enum value ${JSON.stringify(visibility)}`);
  const text = share.shareCommentary?.text;
  if (text !== undefined && typeof text !== "string") return unprocessable("/specificContent/com.linkedin.ugc.ShareContent/shareCommentary/text", "expected a string");
  return { author: body.author, commentary: text ?? "", imageIds };
}

/** Author, length, media and duplicate checks shared by both APIs; records the post. */
function publish(req: SandboxRequest, ctx: SandboxContext, state: LinkedInState, c: Caller, draft: Draft, resource: string, textPath: string, little: boolean): Response {
  if (!mayActAs(c, draft.author)) return accessDenied(resource);
  if (draft.commentary.length > MAX_COMMENTARY) return unprocessable(textPath, `length of commentary exceeds the max limit of ${MAX_COMMENTARY}`);
  const now = ctx.clock.now();
  for (const id of draft.imageIds) {
    const img = state.images.get(id);
    if (!img || img.owner !== draft.author) return unprocessable("/content/media/id", `urn:li:image:${id} does not exist or is not owned by ${draft.author}`);
    if (imageStatus(img, now) !== "AVAILABLE" || !img.contentType) return unprocessable("/content/media/id", `urn:li:image:${id} is not AVAILABLE (status ${imageStatus(img, now)})`);
  }
  if (!draft.commentary.trim() && draft.imageIds.length === 0) return unprocessable(textPath, "a post needs commentary or content");
  // Accepted as sent; an unescaped reserved character silently cuts what is kept.
  const { text, source } = little ? parseLittleText(draft.commentary) : { text: draft.commentary, source: draft.commentary };
  const shown = text.trim();
  const dup = shown ? state.posts.find((p) => p.author === draft.author && p.text.trim() === shown) : undefined;
  if (dup) return duplicatePost(dup.urn);
  const urn = `urn:li:share:${activityId(state, now)}`;
  state.posts.push({ urn, author: draft.author, commentary: source, text, media: draft.imageIds, createdAt: now });
  ctx.recordPost({ platform: "linkedin", target: draft.author, id: urn, text, media: draft.imageIds.map((i) => `urn:li:image:${i}`) });
  return created(urn, resource.startsWith("ugcPosts") ? { id: urn } : undefined);
}

function jsonBody(req: SandboxRequest): Record<string, any> | Response {
  if (!req.json || typeof req.json !== "object" || Array.isArray(req.json)) return restError(400, "Unable to parse the request body as JSON", { code: "ILLEGAL_ARGUMENT" });
  return req.json as Record<string, any>;
}

function createRestPost(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const c = restCaller(req, ctx);
    if (c instanceof Response) return c;
    const body = jsonBody(req);
    if (body instanceof Response) return body;
    const draft = parseRestPost(body);
    if (draft instanceof Response) return draft;
    return publish(req, ctx, stateOf(ctx), c, draft, `partnerApiPostsExternal.CREATE.${c.version}`, "/commentary", true);
  };
}

function createUgcPost(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const c = v2Caller(req, ctx);
    if (c instanceof Response) return c;
    const protocol = checkProtocol(req);
    if (protocol) return protocol;
    const body = jsonBody(req);
    if (body instanceof Response) return body;
    const draft = parseUgcPost(body);
    if (draft instanceof Response) return draft;
    return publish(req, ctx, stateOf(ctx), c, draft, "ugcPosts.CREATE.NO_VERSION", "/specificContent/com.linkedin.ugc.ShareContent/shareCommentary/text", false);
  };
}

export function postRoutes(stateOf: StateOf): Route[] {
  return [
    { method: "POST", host: API, path: "/rest/posts", label: `${API} POST /rest/posts`, handler: createRestPost(stateOf) },
    { method: "POST", host: API, path: "/v2/ugcPosts", label: `${API} POST /v2/ugcPosts`, handler: createUgcPost(stateOf) },
  ];
}
