import "server-only";
import type { OAuthProvider } from "@/lib/providers/types";
import { fetchMe, revoke } from "./api";
import { X_SCOPES, xOAuth } from "./config";
import { xCatalog } from "./catalog";
import { xPublishing } from "./publish";
import { parseXError, toAccount } from "./transform";

/** X: the standard refresh grant (`oauth.refreshable`, rotating refresh tokens) runs in getFreshAccessToken. */
export const xProvider: OAuthProvider = {
  kind: "oauth2",
  catalog: xCatalog,
  oauth: xOAuth,
  async fetchAccounts(token) {
    return { ok: true, accounts: [toAccount(await fetchMe(token.accessToken), token, X_SCOPES)] };
  },
  revokeToken: (accessToken, ctx) => revoke(accessToken, ctx.credentials),
  parseError: parseXError,
  pictureHosts: ["pbs.twimg.com"],
  publishing: xPublishing,
};
