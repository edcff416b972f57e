/** Graph nodes (Page, IG user, business, ad account, user) and who may see them. */
import { pictureUrl } from "../cdn";
import { avatarUrl } from "../../core/avatar";
import type { SandboxContext } from "../../core/types";
import type { GraphNode } from "../meta/fields";
import type { Caller } from "../meta/graph";
import { containerNode, mediaNode } from "../meta/ig-publishing";
import { adAccountsOfUser, FB, igAccountsOfUser, pagesOfUser, type AdAccount, type FbPage, type IgAccount } from "./fixtures";
import { findAdObject, reportRunNode } from "./marketing-objects";
import { customerNode, findCustomer } from "../meta/threads";
import type { FacebookState } from "./state";

const granted = (list: unknown, id: string) => !Array.isArray(list) || list.includes(id);

/** A user token sees a Page it has a role on, that was ticked in the dialog; business-owned Pages need business_management. */
export function userSeesPage(caller: Caller, pageId: string): boolean {
  const t = caller.token;
  if (t.kind !== "user") return false;
  const entry = pagesOfUser(t.userId).find((p) => p.page.id === pageId);
  if (!entry || !granted(t.extra.grantedPages, pageId)) return false;
  return !entry.viaBusiness || t.scopes.includes("business_management");
}

/** Pages /me/accounts lists for this caller, in a stable order. */
export function visiblePages(caller: Caller): FbPage[] {
  return pagesOfUser(caller.token.userId)
    .map((p) => p.page)
    .filter((p) => userSeesPage(caller, p.id));
}

export function canActOnPage(caller: Caller, pageId: string): boolean {
  return (caller.token.kind === "page" && caller.token.subjectId === pageId) || userSeesPage(caller, pageId);
}

export function canActOnIg(caller: Caller, igId: string): boolean {
  const t = caller.token;
  if (!granted(t.extra.grantedIg, igId)) return false;
  if (t.kind === "page") return FB.page(t.subjectId ?? "")?.igId === igId;
  if (t.kind !== "user") return false;
  return igAccountsOfUser(t.userId).some((a) => a.id === igId);
}

export function canSeeAdAccount(caller: Caller, id: string): boolean {
  const t = caller.token;
  return t.kind === "user" && adAccountsOfUser(t.userId).some((a) => a.id === id) && granted(t.extra.grantedAdAccounts, id);
}

/** The Page token for (user token, Page): reused while valid; never expires when the user token is long-lived. */
export function pageTokenFor(ctx: SandboxContext, state: FacebookState, caller: Caller, pageId: string): string {
  const key = `${caller.raw}:${pageId}`;
  const existing = state.pageTokens.get(key);
  if (existing && ctx.oauth.checkToken(existing, "facebook").ok) return existing;
  const parent = caller.token;
  const ttlMs = parent.extra.longLived || parent.expiresAt === null ? null : Math.max(0, parent.expiresAt - ctx.clock.now());
  const t = ctx.oauth.issueToken({
    provider: "facebook",
    kind: "page",
    clientId: parent.clientId,
    userId: parent.userId,
    subjectId: pageId,
    scopes: parent.scopes,
    ttlMs,
    extra: { ...parent.extra, parentToken: parent.token },
    prefix: "EAA",
  });
  state.pageTokens.set(key, t.token);
  return t.token;
}

const picture = (url: string, size = 50) => ({ data: { height: size, is_silhouette: false, url, width: size } });

export function igNode(a: IgAccount, sandboxUrl: string): GraphNode {
  return {
    __type: "IGUser",
    id: a.id,
    ig_id: Number(a.id.slice(-10)),
    username: a.username,
    name: a.name,
    biography: a.biography,
    profile_picture_url: pictureUrl("instagram", a.id, a.name),
    followers_count: a.followers,
    follows_count: Math.round(a.followers / 20),
    media_count: a.mediaCount,
    website: `https://example.com/${a.username}`,
  };
}

export function pageNode(page: FbPage, ctx: SandboxContext, state: FacebookState, caller: Caller, sandboxUrl: string): GraphNode {
  const ig = page.igId ? FB.ig(page.igId) : undefined;
  const business = page.businessId ? FB.business(page.businessId) : undefined;
  return {
    __type: "Page",
    id: page.id,
    name: page.name,
    category: page.category,
    category_list: [{ id: "2200", name: page.category }],
    username: page.username,
    about: page.about,
    fan_count: page.fanCount,
    followers_count: page.fanCount + 37,
    link: `https://www.facebook.com/${page.username ?? page.id}`,
    is_published: true,
    verification_status: "not_verified",
    tasks: ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"],
    picture: picture(pictureUrl("facebook", page.id, page.name)),
    business: business ? { __type: "Business", id: business.id, name: business.name } : undefined,
    instagram_business_account: ig ? igNode(ig, sandboxUrl) : undefined,
    connected_instagram_account: ig ? igNode(ig, sandboxUrl) : undefined,
    // Only a user who manages the Page gets its token; a Page token reading itself gets itself.
    access_token: () =>
      caller.token.kind === "page" && caller.token.subjectId === page.id
        ? caller.raw
        : userSeesPage(caller, page.id)
          ? pageTokenFor(ctx, state, caller, page.id)
          : undefined,
  };
}

export function adAccountNode(a: AdAccount): GraphNode {
  const business = a.businessId ? FB.business(a.businessId) : undefined;
  return {
    __type: "AdAccount",
    id: a.id,
    account_id: a.id.replace("act_", ""),
    name: a.name,
    currency: a.currency,
    account_status: a.status,
    timezone_name: a.timezone,
    amount_spent: String((Number(a.id.slice(-4)) * 137) % 900000),
    business: business ? { __type: "Business", id: business.id, name: business.name } : undefined,
  };
}

export function businessNode(id: string, sandboxUrl: string): GraphNode | undefined {
  const b = FB.business(id);
  if (!b) return undefined;
  return {
    __type: "Business",
    id: b.id,
    name: b.name,
    verification_status: b.verification,
    profile_picture_uri: avatarUrl(sandboxUrl, b.id, b.name),
    created_time: "2019-03-14T09:21:07+0000",
  };
}

export function userNode(userId: string, caller: Caller, sandboxUrl: string): GraphNode | undefined {
  const system = FB.systemUser(userId);
  if (system) return { __type: "User", id: system.id, name: system.name };
  const u = FB.user(userId);
  if (!u) return undefined;
  return {
    __type: "User",
    id: u.id,
    name: u.name,
    first_name: u.name.split(" ")[0],
    last_name: u.name.split(" ").slice(1).join(" "),
    email: caller.token.scopes.includes("email") ? u.email : undefined,
    picture: picture(avatarUrl(sandboxUrl, u.id, u.name)),
  };
}

/** Any node by id, as this caller may see it; undefined = "Unsupported get request" (code 100, subcode 33). */
export function resolveNode(id: string, caller: Caller, ctx: SandboxContext, state: FacebookState, sandboxUrl: string): GraphNode | undefined {
  const t = caller.token;
  const page = FB.page(id);
  if (page) return canActOnPage(caller, id) || t.kind === "app" ? pageNode(page, ctx, state, caller, sandboxUrl) : undefined;
  const ig = FB.ig(id);
  if (ig) return canActOnIg(caller, id) ? igNode(ig, sandboxUrl) : undefined;
  const container = state.ig.containers.get(id);
  if (container) return canActOnIg(caller, container.ownerId) ? containerNode(container, ctx.clock.now()) : undefined;
  const media = state.ig.media.get(id);
  if (media) return canActOnIg(caller, media.ownerId) ? mediaNode(media) : undefined;
  const post = state.posts.get(id);
  if (post && canActOnPage(caller, post.pageId)) {
    return { __type: "PagePost", id: post.id, message: post.message, created_time: new Date(post.createdAt).toISOString().replace(/\.\d+Z$/, "+0000"), is_published: post.published, permalink_url: `https://www.facebook.com/${post.pageId}/posts/${post.id.split("_")[1]}` };
  }
  const photo = state.photos.get(id);
  if (photo && canActOnPage(caller, photo.pageId)) return { __type: "Photo", id: photo.id, name: photo.caption, images: photo.url ? [{ source: photo.url }] : [] };
  if (FB.business(id)) {
    const ok = t.kind === "user" && t.scopes.includes("business_management") && FB.user(t.userId)?.businessIds.includes(id) && granted(t.extra.grantedBusinesses, id);
    return ok ? businessNode(id, sandboxUrl) : undefined;
  }
  const ad = FB.adAccount(id);
  if (ad) return canSeeAdAccount(caller, ad.id) && (t.scopes.includes("ads_read") || t.scopes.includes("ads_management")) ? adAccountNode(ad) : undefined;
  if (FB.user(id)) return t.kind === "user" && t.userId === id ? userNode(id, caller, sandboxUrl) : undefined;
  const adsScope = t.scopes.includes("ads_read") || t.scopes.includes("ads_management");
  const adObject = findAdObject(state, id);
  if (adObject) return canSeeAdAccount(caller, adObject.actId) && adsScope ? adObject.node : undefined;
  const run = state.reportRuns.get(id);
  if (run && t.userId === run.userId && adsScope) {
    run.polls += 1;
    return reportRunNode(run);
  }
  // A person who wrote to the caller's Page (PSID) or its Instagram account (IGSID).
  if (t.kind === "page" && t.subjectId) {
    const own = FB.page(t.subjectId);
    const th = findCustomer(state.threads, id, [t.subjectId, ...(own?.igId ? [own.igId] : [])]);
    if (th) return customerNode(th, sandboxUrl);
  }
  const app = ctx.oauth.getApp(id, "facebook");
  if (app) return { __type: "Application", id: app.clientId, name: app.name, link: `https://www.facebook.com/games/?app_id=${app.clientId}`, category: "Business" };
  return undefined;
}
