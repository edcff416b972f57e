import { parseRateLimitHeaders } from "@/lib/http/rate-limit-headers";
import { ProviderError, type ConnectableAccount, type ProviderErrorKind } from "@/lib/providers/types";
import { ZGraphError, type TGraphPage } from "./schema";

/** A Page the user manages, as we keep it: its token stays on the server. */
export interface FacebookPage {
  id: string;
  name: string;
  pictureUrl: string | null;
  /** The Page access token (never sent to the browser). */
  accessToken: string;
  instagram: { id: string; username: string | null; pictureUrl: string | null } | null;
}

/** Maps one `me/accounts` entry; null for an entry without a Page token (no role that allows acting on it). */
export function toFacebookPage(p: TGraphPage): FacebookPage | null {
  if (!p.access_token) return null;
  const ig = p.instagram_business_account;
  return {
    id: p.id,
    name: p.name || p.id,
    pictureUrl: p.picture?.data?.url ?? null,
    accessToken: p.access_token,
    instagram: ig ? { id: ig.id, username: ig.username ?? null, pictureUrl: ig.profile_picture_url ?? null } : null,
  };
}

/** Every Page that can be connected, first occurrence wins (paging never repeats, but be safe). */
export function toFacebookPages(pages: readonly TGraphPage[]): FacebookPage[] {
  const seen = new Set<string>();
  const out: FacebookPage[] = [];
  for (const raw of pages) {
    const page = toFacebookPage(raw);
    if (!page || seen.has(page.id)) continue;
    seen.add(page.id);
    out.push(page);
  }
  return out;
}

/** A Facebook Page as a connection: it publishes with its own Page token, which does not expire. */
/** `details.facebookUserId`: the Facebook user whose login gave us the Page token (when known). */
function byUser(facebookUserId: string | null | undefined): Record<string, string> {
  return facebookUserId ? { facebookUserId } : {};
}

export function pageToConnectable(page: FacebookPage, scopes: readonly string[], facebookUserId?: string | null): ConnectableAccount {
  return {
    providerAccountId: page.id,
    displayName: page.name,
    handle: null,
    avatarUrl: page.pictureUrl,
    postTargetType: "page",
    appType: "personal",
    selectedPageId: page.id,
    accessToken: page.accessToken,
    refreshToken: null,
    tokenExpiresAt: null,
    scopes: [...scopes],
    details: { pageName: page.name, ...byUser(facebookUserId) },
    grantedBy: facebookUserId ?? null,
    pickerDetail: page.instagram?.username ? `Facebook Page · Instagram @${page.instagram.username}` : "Facebook Page",
  };
}

/** The Instagram professional account linked to a Page, as a connection using the Page token. */
export function instagramToConnectable(page: FacebookPage, scopes: readonly string[], facebookUserId?: string | null): ConnectableAccount | null {
  if (!page.instagram) return null;
  const { id, username, pictureUrl } = page.instagram;
  return {
    providerAccountId: id,
    displayName: username ? `@${username}` : page.name,
    handle: username,
    avatarUrl: pictureUrl,
    postTargetType: "instagram_account",
    appType: "personal",
    selectedPageId: page.id,
    accessToken: page.accessToken,
    refreshToken: null,
    tokenExpiresAt: null,
    scopes: [...scopes],
    details: { pageName: page.name, pageId: page.id, ...byUser(facebookUserId) },
    grantedBy: facebookUserId ?? null,
    pickerDetail: `Linked to the Facebook Page ${page.name}`,
  };
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

function kindOf(code: number | undefined, status: number, transientFlag: boolean | undefined): ProviderErrorKind {
  if (code === 190 || code === 102) return "auth";
  if (code !== undefined && (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014))) return "rate_limit";
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) return "permission";
  if (code === 1 || code === 2 || transientFlag) return "transient";
  if (code === 100) return "invalid_input";
  if (status === 401) return "auth";
  if (status === 429) return "rate_limit";
  if (status >= 500) return "transient";
  if (status === 403) return "permission";
  return "unknown";
}

/** Seconds to wait: Meta's `estimated_time_to_regain_access` (minutes) or `Retry-After`. */
function retryAfterOf(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const info = parseRateLimitHeaders(headers);
  let minutes: number | undefined;
  for (const entries of Object.values(info.businessUseCaseUsage ?? {})) {
    for (const e of entries) {
      if (typeof e.estimated_time_to_regain_access === "number") {
        minutes = Math.max(minutes ?? 0, e.estimated_time_to_regain_access);
      }
    }
  }
  if (minutes !== undefined && minutes > 0) return minutes * 60;
  return info.retryAfterSeconds;
}

/**
 * Maps a Graph error to a ProviderError: 190 → auth (reconnect), 10/200–299 → permission,
 * 4/17/32/613/80000–80014 → rate_limit (with the usage headers' wait), 1/2 → transient.
 * The message is Meta's own (it names the problem, never a token).
 */
export function parseGraphError(status: number, body: unknown, headers?: Headers): ProviderError {
  const parsed = ZGraphError.safeParse(body);
  const e = parsed.success ? parsed.data.error : undefined;
  const kind = kindOf(e?.code, status, e?.is_transient);
  const providerCode = e?.code !== undefined ? `${e.code}${e.error_subcode !== undefined ? `/${e.error_subcode}` : ""}` : undefined;
  const message = e?.message ?? `Facebook answered HTTP ${status}`;
  return new ProviderError(kind, message, {
    status,
    providerCode,
    retryAfterSeconds: kind === "rate_limit" ? retryAfterOf(headers) : undefined,
  });
}
