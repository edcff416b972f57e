import "server-only";
import { threadsPublishing } from "./publish";
import type { OAuthProvider, TokenSet } from "@/lib/providers/types";
import { exchangeLongLived, fetchMe, refreshLongLived } from "./api";
import { THREADS_SCOPES, threadsOAuth } from "./config";
import { threadsCatalog } from "./catalog";
import { parseThreadsError, toThreadsAccount } from "./transform";

export const threadsProvider: OAuthProvider = {
  kind: "oauth2",
  catalog: threadsCatalog,
  oauth: threadsOAuth,
  async exchangeForLongLivedToken(token, ctx): Promise<TokenSet> {
    const long = await exchangeLongLived(token.accessToken, ctx.credentials);
    return { ...token, accessToken: long.access_token, expiresIn: long.expires_in ?? 5_184_000 };
  },
  async fetchAccounts(token) {
    return { ok: true, accounts: [toThreadsAccount(await fetchMe(token.accessToken), token, THREADS_SCOPES)] };
  },
  async refreshAccessToken(accessToken) {
    const next = await refreshLongLived(accessToken);
    return { accessToken: next.access_token, refreshToken: null, expiresIn: next.expires_in ?? 5_184_000 };
  },
  parseError: parseThreadsError,
  pictureHosts: ["cdninstagram.com", "fbcdn.net"],
  publishing: threadsPublishing,
};
