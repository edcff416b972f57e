/** me, me/accounts (field expansion, paging), any node by id, {page}/subscribed_apps, {page}/feed, {page}/photos. */
import { fetchMedia, sniff } from "../../core/fetch-media";
import { json, param } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E } from "../meta/errors";
import { authenticate, fieldSpecs, graphRoute, publicUrl, requireScope, respondNode, selectEach, type Caller } from "../meta/graph";
import { paginate } from "../meta/paging";
import { FB } from "./fixtures";
import { canActOnPage, pageNode, resolveNode, userNode, visiblePages } from "./nodes";
import { nextId, type FacebookState } from "./state";

const HOST = "graph.facebook.com";
type StateOf = (ctx: SandboxContext) => FacebookState;

export const PAGE_WEBHOOK_FIELDS = [
  "messages", "messaging_postbacks", "messaging_optins", "message_deliveries", "message_reads", "message_echoes",
  "message_reactions", "messaging_referrals", "messaging_handovers", "standby", "feed", "mention", "ratings", "inbox_labels",
];

/** Formats Facebook accepts for Page photos (by their bytes). */
const PHOTO_TYPES = ["image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff", "image/webp", "image/heic", "image/heif"];
export const PHOTO_MAX_BYTES = 4 * 1024 * 1024;

const photoTooLarge = () =>
  E.param("Your photos couldn't be uploaded. Photos should be less than 4 MB and saved as JPG, PNG, GIF, TIFF, HEIF or WebP files.", 1366046);

/** `POST /{page}/photos?url=`: Facebook downloads the URL; anything but an image it can read is #324. */
async function downloadPagePhoto(ctx: SandboxContext, sandboxUrl: string, url: string): Promise<Response | undefined> {
  const got = await fetchMedia(ctx, sandboxUrl, url, { maxBytes: PHOTO_MAX_BYTES });
  if (!got.ok && got.reason === "too_large") return photoTooLarge();
  if (!got.ok || !got.mime || !PHOTO_TYPES.includes(got.mime)) return E.param("(#324) Missing or invalid image file", undefined, { code: 324 });
  return undefined;
}

/** A Page token for exactly this Page, else Meta's #210. */
function pageCaller(req: SandboxRequest, ctx: SandboxContext, pageId: string): Caller | Response {
  const caller = authenticate(req, ctx, "facebook");
  if (caller instanceof Response) return caller;
  if (!FB.page(pageId) || !canActOnPage(caller, pageId)) return E.unsupported(req.method, pageId);
  if (caller.token.kind !== "page" || caller.token.subjectId !== pageId) return E.needsPageToken();
  return caller;
}

export function pageRoutes(stateOf: StateOf): Route[] {
  const me = (req: SandboxRequest, ctx: SandboxContext) => {
    const caller = authenticate(req, ctx, "facebook", { aboutMe: true });
    if (caller instanceof Response) return caller;
    const t = caller.token;
    if (t.kind === "page") return respondNode(req, pageNode(FB.page(t.subjectId!)!, ctx, stateOf(ctx), caller, req.sandboxUrl));
    if (t.kind === "app") return E.noToken(true);
    return respondNode(req, userNode(t.userId, caller, req.sandboxUrl)!);
  };

  const accounts = (req: SandboxRequest, ctx: SandboxContext) => {
    const caller = authenticate(req, ctx, "facebook", { aboutMe: true });
    if (caller instanceof Response) return caller;
    if (caller.token.kind !== "user") return E.nonexistingField("accounts", caller.token.kind === "page" ? "Page" : "Application");
    const denied = requireScope(caller, ["pages_show_list"]);
    if (denied) return denied;
    const specs = fieldSpecs(req);
    if (specs instanceof Response) return specs;
    const page = paginate(visiblePages(caller), req.query, publicUrl(req), { defaultLimit: 25, maxLimit: 100 });
    if (!page.ok) return E.param(page.message);
    const state = stateOf(ctx);
    const data = selectEach(
      page.data.map((p) => pageNode(p, ctx, state, caller, req.sandboxUrl)),
      specs,
      ["access_token", "category", "category_list", "name", "id", "tasks"],
    );
    if (data instanceof Response) return data;
    return json(page.paging ? { data, paging: page.paging } : { data });
  };

  const node = (req: SandboxRequest, ctx: SandboxContext) => {
    const caller = authenticate(req, ctx, "facebook");
    if (caller instanceof Response) return caller;
    const n = resolveNode(req.params.id!, caller, ctx, stateOf(ctx), req.sandboxUrl);
    return n ? respondNode(req, n) : E.unsupported("GET", req.params.id!);
  };

  // GET /?ids=a,b&fields=…: several nodes in one call, keyed by id.
  const multi = async (req: SandboxRequest, ctx: SandboxContext) => {
    const caller = authenticate(req, ctx, "facebook");
    if (caller instanceof Response) return caller;
    const ids = (param(req, "ids") ?? "").split(",").filter(Boolean);
    if (ids.length === 0) return E.param("(#100) The parameter ids is required");
    if (ids.length > 50) return E.param("(#100) Too many IDs. Maximum: 50");
    const out: Record<string, unknown> = {};
    for (const id of ids) {
      const n = resolveNode(id, caller, ctx, stateOf(ctx), req.sandboxUrl);
      if (!n) return E.unsupported("GET", id);
      const res = respondNode(req, n);
      if (res.status !== 200) return res;
      out[id] = await res.json();
    }
    return json(out);
  };

  const subscribedApps = (req: SandboxRequest, ctx: SandboxContext) => {
    const pageId = req.params.id!;
    const caller = pageCaller(req, ctx, pageId);
    if (caller instanceof Response) return caller;
    const state = stateOf(ctx);
    if (req.method === "GET") {
      const fields = state.pageSubs.get(pageId);
      return json({ data: fields ? [{ category: "Business", link: "https://switchboard.example", name: caller.app.name, id: caller.app.clientId, subscribed_fields: fields }] : [] });
    }
    const denied = requireScope(caller, ["pages_manage_metadata"], "object");
    if (denied) return denied;
    if (req.method === "DELETE") {
      state.pageSubs.delete(pageId);
      return json({ success: true });
    }
    const raw = param(req, "subscribed_fields");
    if (!raw) return E.param("The parameter subscribed_fields is required.");
    const fields = raw.replace(/^\[|\]$/g, "").split(",").map((f) => f.trim().replace(/^"|"$/g, "")).filter(Boolean);
    const bad = fields.findIndex((f) => !PAGE_WEBHOOK_FIELDS.includes(f));
    if (bad >= 0) return E.param(`Param subscribed_fields[${bad}] must be one of {${PAGE_WEBHOOK_FIELDS.join(", ")}} - got "${fields[bad]}".`);
    state.pageSubs.set(pageId, [...new Set(fields)]);
    return json({ success: true });
  };

  const publishFeed = (req: SandboxRequest, ctx: SandboxContext) => {
    const pageId = req.params.id!;
    const caller = pageCaller(req, ctx, pageId);
    if (caller instanceof Response) return caller;
    const denied = requireScope(caller, ["pages_manage_posts"], "object") ?? requireScope(caller, ["pages_read_engagement"], "object");
    if (denied) return denied;
    const state = stateOf(ctx);
    const now = ctx.clock.now();
    const message = param(req, "message") ?? "";
    const link = param(req, "link");
    if (message.length > 63_206) return E.param("Param message must be at most 63206 characters long.");
    const photoIds: string[] = [];
    for (const [k, v] of [...req.query, ...req.form]) {
      if (!/^attached_media(\[\d+\])?$/.test(k)) continue;
      try {
        const parsed = JSON.parse(v) as { media_fbid?: string } | Array<{ media_fbid?: string }>;
        for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
          const photo = m.media_fbid ? state.photos.get(m.media_fbid) : undefined;
          if (!photo || photo.pageId !== pageId) return E.param(`(#100) param attached_media must be a valid photo id uploaded to this Page (got ${m.media_fbid})`);
          photoIds.push(photo.id);
        }
      } catch {
        return E.param(`(#100) param attached_media must be JSON, e.g. {"media_fbid":"<id>"}`);
      }
    }
    if (!message && !link && photoIds.length === 0) return E.param("(#100) Either message, link or attached_media is required.");
    const published = param(req, "published") !== "false";
    const scheduled = param(req, "scheduled_publish_time");
    let scheduledAt: number | undefined;
    if (scheduled) {
      scheduledAt = Number(scheduled) * 1000;
      if (published) return E.param("(#100) You cannot specify a scheduled publish time on a published post");
      if (!Number.isFinite(scheduledAt) || scheduledAt < now + 10 * 60_000 || scheduledAt > now + 75 * 86_400_000) {
        return E.param("(#100) The specified scheduled publish time is invalid.");
      }
    }
    const id = `${pageId}_${nextId(state, "1229")}`;
    state.posts.set(id, { id, pageId, message, link, photoIds, createdAt: now, published, scheduledAt });
    const media = photoIds.map((p) => state.photos.get(p)?.url ?? p);
    for (const p of photoIds) state.photos.get(p)!.postId = id;
    if (published) ctx.recordPost({ platform: "facebook", target: pageId, id, text: message, media: link ? [...media, link] : media });
    return json({ id });
  };

  const readFeed = (req: SandboxRequest, ctx: SandboxContext) => {
    const pageId = req.params.id!;
    const caller = authenticate(req, ctx, "facebook");
    if (caller instanceof Response) return caller;
    if (!canActOnPage(caller, pageId)) return E.unsupported("GET", pageId);
    const specs = fieldSpecs(req);
    if (specs instanceof Response) return specs;
    const state = stateOf(ctx);
    const posts = [...state.posts.values()].filter((p) => p.pageId === pageId && p.published).reverse();
    const page = paginate(posts, req.query, publicUrl(req));
    if (!page.ok) return E.param(page.message);
    const data = selectEach(
      page.data.map((p) => resolveNode(p.id, caller, ctx, state, req.sandboxUrl)!),
      specs,
      ["id", "message", "created_time"],
    );
    if (data instanceof Response) return data;
    return json(page.paging ? { data, paging: page.paging } : { data });
  };

  const photos = async (req: SandboxRequest, ctx: SandboxContext) => {
    const pageId = req.params.id!;
    const caller = pageCaller(req, ctx, pageId);
    if (caller instanceof Response) return caller;
    const denied = requireScope(caller, ["pages_manage_posts"], "object");
    if (denied) return denied;
    const state = stateOf(ctx);
    const url = param(req, "url");
    const source = req.files?.source?.[0];
    if (!url && !source) return E.param("(#324) Requires upload file", undefined, { code: 324 });
    if (url) {
      if (!/^https?:\/\/[^/]/i.test(url) || !URL.canParse(url)) return E.param("(#100) url should represent a valid URL");
      const bad = await downloadPagePhoto(ctx, req.sandboxUrl, url);
      if (bad) return bad;
    } else {
      const mime = await sniff(source!.bytes);
      if (!mime || !PHOTO_TYPES.includes(mime)) return E.param("(#324) Missing or invalid image file", undefined, { code: 324 });
      if (source!.bytes.length > PHOTO_MAX_BYTES) return photoTooLarge();
    }
    const caption = param(req, "caption") ?? param(req, "message") ?? "";
    const published = param(req, "published") !== "false";
    const id = nextId(state, "1228");
    const media = url ?? `upload:${source!.filename}`;
    state.photos.set(id, { id, pageId, url: media, caption, published });
    if (!published) return json({ id });
    const postId = `${pageId}_${nextId(state, "1229")}`;
    state.posts.set(postId, { id: postId, pageId, message: caption, photoIds: [id], createdAt: ctx.clock.now(), published: true });
    state.photos.get(id)!.postId = postId;
    ctx.recordPost({ platform: "facebook", target: pageId, id: postId, text: caption, media: [media] });
    return json({ id, post_id: postId });
  };

  return [
    ...graphRoute(HOST, "GET", "/me", me),
    ...graphRoute(HOST, "GET", "/me/accounts", accounts),
    ...graphRoute(HOST, "GET", "/{id}", node),
    ...graphRoute(HOST, "GET", "/", multi),
    ...graphRoute(HOST, "GET", "/{id}/subscribed_apps", subscribedApps),
    ...graphRoute(HOST, "POST", "/{id}/subscribed_apps", subscribedApps),
    ...graphRoute(HOST, "DELETE", "/{id}/subscribed_apps", subscribedApps),
    ...graphRoute(HOST, "POST", "/{id}/feed", publishFeed),
    ...graphRoute(HOST, "GET", "/{id}/feed", readFeed),
    ...graphRoute(HOST, "GET", "/{id}/published_posts", readFeed),
    ...graphRoute(HOST, "POST", "/{id}/photos", photos),
  ];
}
