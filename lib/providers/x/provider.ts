import "server-only";
import { refreshWithConfig } from "@/lib/oauth/token";
import type { OAuthProvider } from "@/lib/providers/types";
import { fetchMe, revoke } from "./api";
import { X_SCOPES, xOAuth } from "./config";
import { xCatalog } from "./catalog";
import { xPublishing } from "./publish";
import { parseXError, toAccount } from "./transform";

export const xProvider: OAuthProvider = {
  kind: "oauth2",
  catalog: xCatalog,
  oauth: xOAuth,
  async fetchAccounts(token) {
    return [toAccount(await fetchMe(token.accessToken), token, X_SCOPES)];
  },
  refreshAccessToken: (refreshToken, ctx) => refreshWithConfig(xProvider, ctx.credentials, refreshToken),
  revokeToken: (accessToken, ctx) => revoke(accessToken, ctx.credentials),
  parseError: parseXError,
  pictureHosts: ["pbs.twimg.com"],
  publishing: xPublishing,
};
