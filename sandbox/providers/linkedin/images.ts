/**
 * Images: `POST /rest/images?action=initializeUpload` → `PUT` the bytes to the returned
 * uploadUrl (served by the sandbox) → `GET /rest/images/{urn}` until AVAILABLE. The legacy
 * `POST /v2/assets?action=registerUpload` shares the store (an asset id is an image id).
 */
import { randomBytes } from "node:crypto";
import { avatarSvg } from "../../core/avatar";
import { json } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { checkProtocol, requireToken, restCaller, v2Caller, type Caller } from "./auth";
import { mayActAs } from "./permissions";
import { accessDenied, restError, unprocessable } from "./respond";
import { imageStatus, type LinkedInState, type StoredImage } from "./state";

type StateOf = (ctx: SandboxContext) => LinkedInState;
const API = "api.linkedin.com";
const UPLOAD_TTL_MS = 24 * 3600_000;

function isImage(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes[0] === 0x89 && bytes.subarray(1, 4).toString("latin1") === "PNG") return "image/png";
  if (bytes.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
  return undefined;
}

function newImage(state: LinkedInState, owner: string, now: number): StoredImage {
  const id = `D4E10AQ${randomBytes(9).toString("base64url")}`;
  const img: StoredImage = { id, owner, uploadToken: randomBytes(12).toString("hex"), uploadUrlExpiresAt: now + UPLOAD_TTL_MS };
  state.images.set(id, img);
  return img;
}

function ownerCheck(c: Caller, owner: unknown, resource: string): Response | undefined {
  if (typeof owner !== "string" || !owner) return unprocessable("/owner", "field is required but not found and has no default value");
  if (!mayActAs(c, owner)) return accessDenied(resource);
  return undefined;
}

function initializeUpload(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const c = restCaller(req, ctx);
    if (c instanceof Response) return c;
    if (req.query.get("action") !== "initializeUpload") return restError(400, `Unknown action: ${req.query.get("action") ?? "(none)"}`);
    const body = (req.json ?? {}) as { initializeUploadRequest?: { owner?: unknown } };
    const denied = ownerCheck(c, body.initializeUploadRequest?.owner, `images.ACTION-initializeUpload.${c.version}`);
    if (denied) return denied;
    const img = newImage(stateOf(ctx), body.initializeUploadRequest!.owner as string, ctx.clock.now());
    return json({
      value: {
        uploadUrlExpiresAt: img.uploadUrlExpiresAt,
        uploadUrl: `${req.sandboxUrl}/www.linkedin.com/dms-uploads/sp/v2/${img.id}/uploaded-image/0?ca=vector_feedshare&cn=uploads&sync=0&v=beta&ut=${img.uploadToken}`,
        image: `urn:li:image:${img.id}`,
      },
    });
  };
}

function registerUpload(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const c = v2Caller(req, ctx);
    if (c instanceof Response) return c;
    const protocol = checkProtocol(req);
    if (protocol) return protocol;
    if (req.query.get("action") !== "registerUpload") return restError(400, `Unknown action: ${req.query.get("action") ?? "(none)"}`);
    const r = ((req.json ?? {}) as { registerUploadRequest?: { owner?: unknown; recipes?: unknown } }).registerUploadRequest;
    if (!Array.isArray(r?.recipes) || !r.recipes.includes("urn:li:digitalmediaRecipe:feedshare-image")) {
      return unprocessable("/registerUploadRequest/recipes", "only urn:li:digitalmediaRecipe:feedshare-image is supported by the sandbox");
    }
    const denied = ownerCheck(c, r.owner, "assets.ACTION-registerUpload.NO_VERSION");
    if (denied) return denied;
    const img = newImage(stateOf(ctx), r.owner as string, ctx.clock.now());
    const asset = `urn:li:digitalmediaAsset:${img.id}`;
    return json({
      value: {
        uploadMechanism: {
          "com.linkedin.digitalmedia.uploading.MediaUploadHttpRequest": {
            headers: {},
            uploadUrl: `${req.sandboxUrl}/api.linkedin.com/mediaUpload/${img.id}/feedshare-uploadedImage/0?ca=vector_feedshare&cn=uploads&sync=0&v=beta&ut=${img.uploadToken}`,
          },
        },
        mediaArtifact: `urn:li:digitalmediaMediaArtifact:(${asset},urn:li:digitalmediaMediaArtifactClass:feedshare-uploadedImage)`,
        asset,
      },
    });
  };
}

function upload(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const t = requireToken(req, ctx);
    if (t instanceof Response) return t;
    const img = stateOf(ctx).images.get(req.params.id ?? "");
    const now = ctx.clock.now();
    if (!img || img.seeded || req.query.get("ut") !== img.uploadToken) return restError(404, "Not Found");
    if (now > img.uploadUrlExpiresAt) return restError(403, "Upload URL has expired");
    if (img.uploadedAt !== undefined) return restError(409, "Media has already been uploaded");
    if (req.body.length === 0) return restError(400, "Empty upload body");
    img.bytes = req.body;
    img.contentType = isImage(req.body);
    img.uploadedAt = now;
    return new Response(null, { status: 201 });
  };
}

function statusOf(img: StoredImage, now: number): string {
  const s = imageStatus(img, now);
  return s === "AVAILABLE" && !img.seeded && !img.contentType ? "PROCESSING_FAILED" : s;
}

function getImage(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const c = restCaller(req, ctx);
    if (c instanceof Response) return c;
    const m = /^urn:li:image:(.+)$/.exec(req.params.urn ?? "");
    const img = m ? stateOf(ctx).images.get(m[1]!) : undefined;
    if (!img) return restError(404, `Image ${req.params.urn} not found`);
    const now = ctx.clock.now();
    const status = statusOf(img, now);
    return json({
      owner: img.owner,
      status,
      id: `urn:li:image:${img.id}`,
      ...(status === "AVAILABLE" ? { downloadUrl: `${req.sandboxUrl}/media.licdn.com/dms/image/${img.id}/image-shrink_800/0`, downloadUrlExpiresAt: now + 3600_000 } : {}),
    });
  };
}

function getAsset(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const c = v2Caller(req, ctx);
    if (c instanceof Response) return c;
    const id = (req.params.id ?? "").replace(/^urn:li:digitalmediaAsset:/, "");
    const img = stateOf(ctx).images.get(id);
    if (!img) return restError(404, `Asset ${id} not found`);
    const status = statusOf(img, ctx.clock.now());
    return json({
      id,
      mediaTypeFamily: "STILLIMAGE",
      status: "ALLOWED",
      recipes: [{ recipe: "urn:li:digitalmediaRecipe:feedshare-image", status: status === "PROCESSING_FAILED" ? "CLIENT_ERROR" : status }],
      serviceRelationships: [{ relationshipType: "OWNER", identifier: "urn:li:userGeneratedContent" }],
    });
  };
}

function download(stateOf: StateOf) {
  return (req: SandboxRequest, ctx: SandboxContext): Response => {
    const img = stateOf(ctx).images.get(req.params.id ?? "");
    if (!img) return new Response("Not Found", { status: 404 });
    if (img.seeded) return new Response(avatarSvg(img.owner, img.label), { headers: { "content-type": "image/svg+xml" } });
    if (!img.bytes || !img.contentType || statusOf(img, ctx.clock.now()) !== "AVAILABLE") return new Response("Not Found", { status: 404 });
    return new Response(new Uint8Array(img.bytes), { headers: { "content-type": img.contentType } });
  };
}

export function imageRoutes(stateOf: StateOf): Route[] {
  return [
    { method: "POST", host: API, path: "/rest/images", label: `${API} POST /rest/images?action=initializeUpload`, handler: initializeUpload(stateOf) },
    { method: "GET", host: API, path: "/rest/images/:urn", label: `${API} GET /rest/images/{urn}`, handler: getImage(stateOf) },
    { method: "PUT", host: "www.linkedin.com", path: "/dms-uploads/sp/v2/:id/uploaded-image/0", label: "www.linkedin.com PUT /dms-uploads/{id}", handler: upload(stateOf) },
    { method: "POST", host: API, path: "/v2/assets", label: `${API} POST /v2/assets?action=registerUpload`, handler: registerUpload(stateOf) },
    { method: "GET", host: API, path: "/v2/assets/:id", label: `${API} GET /v2/assets/{id}`, handler: getAsset(stateOf) },
    { method: "PUT", host: API, path: "/mediaUpload/:id/feedshare-uploadedImage/0", label: `${API} PUT /mediaUpload/{id}`, handler: upload(stateOf) },
    { method: "POST", host: API, path: "/mediaUpload/:id/feedshare-uploadedImage/0", label: `${API} POST /mediaUpload/{id}`, handler: upload(stateOf) },
    { method: "GET", host: "media.licdn.com", path: "/dms/image/:id/:variant/0", label: "media.licdn.com GET /dms/image/{id}", handler: download(stateOf) },
  ];
}
