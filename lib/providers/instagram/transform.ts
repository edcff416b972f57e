import { instagramToConnectable, type FacebookPage } from "@/lib/providers/facebook/transform";
import type { ConnectableAccount } from "@/lib/providers/types";

/** The failure code when the user has Pages but none is linked to an Instagram professional account. */
export const PAGE_WITHOUT_INSTAGRAM = "page_without_instagram";
/** The failure code when the user manages no Page at all. */
export const NO_PAGES = "no_pages";

export type InstagramAccountsResult =
  | { ok: true; accounts: ConnectableAccount[] }
  | { ok: false; code: typeof NO_PAGES | typeof PAGE_WITHOUT_INSTAGRAM };

/**
 * The Instagram accounts reachable through the user's Pages (one per linked account, publishing
 * with its Page's token); a failure code when there are no Pages or none has Instagram.
 */
export function instagramAccountsFromPages(pages: readonly FacebookPage[], scopes: readonly string[], facebookUserId?: string | null): InstagramAccountsResult {
  if (pages.length === 0) return { ok: false, code: NO_PAGES };
  const seen = new Set<string>();
  const accounts: ConnectableAccount[] = [];
  for (const page of pages) {
    const account = instagramToConnectable(page, scopes, facebookUserId);
    if (!account || seen.has(account.providerAccountId)) continue;
    seen.add(account.providerAccountId);
    accounts.push(account);
  }
  return accounts.length ? { ok: true, accounts } : { ok: false, code: PAGE_WITHOUT_INSTAGRAM };
}
