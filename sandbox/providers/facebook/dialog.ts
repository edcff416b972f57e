/** www.facebook.com/vNN.0/dialog/oauth: the Facebook Login dialog with Pages, businesses, Instagram accounts and ad accounts to grant. */
import { authorizeRoutes } from "../../core/authorize";
import { avatarUrl } from "../../core/avatar";
import { renderErrorPage, type ConsentAssetGroup } from "../../core/consent";
import { GRAPH_VERSIONS } from "../meta/graph";
import { adAccountsOfUser, FB, igAccountsOfUser, pagesOfUser } from "./fixtures";

export const FACEBOOK_BRAND = { name: "Facebook", color: "#1877F2" };

/** Permissions the sandbox knows; anything else is "Invalid Scopes" as on the real dialog. */
export const FACEBOOK_SCOPES: Record<string, string> = {
  public_profile: "Your name and profile picture",
  email: "Your email address",
  pages_show_list: "Show a list of the Pages you manage",
  pages_read_engagement: "Read content posted on the Page",
  pages_manage_posts: "Create and manage content on your Page",
  pages_manage_metadata: "Manage accounts, settings and webhooks for a Page",
  pages_messaging: "Manage and access Page conversations in Messenger",
  pages_read_user_content: "Read user content on your Page",
  pages_manage_engagement: "Manage comments on your Page",
  read_insights: "Read Page insights",
  business_management: "Manage your business",
  ads_read: "Access ads performance data",
  ads_management: "Manage your ads",
  instagram_basic: "Access profile and posts from the Instagram account connected to your Page",
  instagram_content_publish: "Create and publish content on Instagram",
  instagram_manage_messages: "Manage and access Instagram Direct messages",
  instagram_manage_comments: "Manage comments on Instagram",
  instagram_manage_insights: "Read Instagram insights",
};

function assets(userId: string, scopes: string[], sandboxUrl: string): ConsentAssetGroup[] {
  const groups: ConsentAssetGroup[] = [];
  const wants = (prefixes: string[]) => scopes.some((s) => prefixes.some((p) => s.startsWith(p)));
  if (wants(["pages_", "instagram_", "read_insights"])) {
    groups.push({
      field: "page_ids",
      title: "Pages",
      emptyText: "You don't manage any Pages.",
      items: pagesOfUser(userId).map(({ page, viaBusiness }) => {
        const ig = page.igId ? FB.ig(page.igId) : undefined;
        const owner = viaBusiness && page.businessId ? ` · Owned by ${FB.business(page.businessId)?.name}` : "";
        return { id: page.id, name: page.name, detail: (ig ? `Instagram @${ig.username}` : "No Instagram account") + owner, avatarUrl: avatarUrl(sandboxUrl, page.id, page.name) };
      }),
    });
  }
  if (scopes.includes("business_management")) {
    const u = FB.user(userId);
    groups.push({
      field: "business_ids",
      title: "Businesses",
      emptyText: "You aren't in any Business Portfolio.",
      items: (u?.businessIds ?? []).map((id) => {
        const b = FB.business(id)!;
        return { id, name: b.name, detail: `${b.pageIds.length} Pages · ${b.adAccountIds.length} ad accounts`, avatarUrl: avatarUrl(sandboxUrl, id, b.name) };
      }),
    });
  }
  if (wants(["instagram_"])) {
    groups.push({
      field: "ig_ids",
      title: "Instagram accounts",
      emptyText: "No Instagram professional accounts are connected to your Pages.",
      items: igAccountsOfUser(userId).map((a) => ({ id: a.id, name: `@${a.username}`, detail: a.name, avatarUrl: avatarUrl(sandboxUrl, a.id, a.name) })),
    });
  }
  if (wants(["ads_"])) {
    groups.push({
      field: "ad_account_ids",
      title: "Ad accounts",
      emptyText: "You don't have access to any ad accounts.",
      items: adAccountsOfUser(userId).map((a) => ({ id: a.id, name: a.name, detail: `${a.id.replace("act_", "")} · ${a.currency}${a.status === 1 ? "" : " · disabled"}` })),
    });
  }
  return groups;
}

export const facebookDialogRoutes = authorizeRoutes({
  provider: "facebook",
  brand: FACEBOOK_BRAND,
  host: "www.facebook.com",
  path: "/:version/dialog/oauth",
  label: "www.facebook.com /{version}/dialog/oauth",
  scopeSeparator: /[,\s]+/,
  codeTtlMs: 10 * 60_000,
  codePrefix: "AQ",
  deniedParams: { error: "access_denied", error_code: "200", error_description: "Permissions error", error_reason: "user_denied" },
  redirectHash: "_=_",
  describeScope: (s) => FACEBOOK_SCOPES[s],
  // "Edit access" lets the person turn off any permission but public_profile.
  declinableScopes: (s) => s !== "public_profile",
  users: (req) =>
    FB.users.map((u) => {
      const n = pagesOfUser(u.id).length;
      return { id: u.id, name: u.name, detail: `${u.email} · ${n} Page${n === 1 ? "" : "s"}`, avatarUrl: avatarUrl(req.sandboxUrl, u.id, u.name) };
    }),
  validate: (q, req) => {
    const v = req.params.version ?? "";
    if (!/^v\d{1,2}\.0$/.test(v) || !GRAPH_VERSIONS.includes(v)) {
      return { page: renderErrorPage(FACEBOOK_BRAND, "Sorry, something went wrong.", `The Graph API version ${v} in the dialog URL is not valid.`, 404) };
    }
    const rt = q.raw.get("response_type") ?? "code";
    if (rt !== "code") return { page: renderErrorPage(FACEBOOK_BRAND, "Invalid response_type", `The sandbox supports response_type=code, not "${rt}".`) };
    const unknown = q.scopes.filter((s) => !(s in FACEBOOK_SCOPES));
    if (unknown.length) {
      return { page: renderErrorPage(FACEBOOK_BRAND, "Invalid Scopes", `Invalid Scopes: ${unknown.join(", ")}. This message is only shown to developers.`) };
    }
    return undefined;
  },
  assets: (userId, q, _ctx, req) => assets(userId, q.scopes, req.sandboxUrl),
  extra: (form, userId, q) => {
    const groups = assets(userId, q.scopes, "");
    const picked = (field: string) => (groups.some((g) => g.field === field) ? form.getAll(field) : undefined);
    return { grantedPages: picked("page_ids"), grantedBusinesses: picked("business_ids"), grantedIg: picked("ig_ids"), grantedAdAccounts: picked("ad_account_ids") };
  },
});

