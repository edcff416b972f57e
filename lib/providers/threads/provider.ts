import "server-only";
import { threadsPublishing } from "./publish";
import { HttpError } from "@/lib/http";
import type { OAuthProvider, TokenSet } from "@/lib/providers/types";
import { exchangeLongLived, fetchMe, refreshLongLived } from "./api";
import { THREADS_SCOPES, threadsOAuth } from "./config";
import { threadsCatalog } from "./catalog";
import { parseThreadsError, toThreadsAccount } from "./transform";

/** Turns an HttpError with a Graph body into a ProviderError, so callers see one error type. */
async function graph<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof HttpError && err.kind === "status" && err.response) {
      let body: unknown;
      try {
        body = err.response.json();
      } catch {
        body = undefined;
      }
      throw parseThreadsError(err.response.status, body);
    }
    throw err;
  }
}

export const threadsProvider: OAuthProvider = {
  kind: "oauth2",
  catalog: threadsCatalog,
  oauth: threadsOAuth,
  async exchangeForLongLivedToken(token, ctx): Promise<TokenSet> {
    const long = await graph(() => exchangeLongLived(token.accessToken, ctx.credentials));
    return { ...token, accessToken: long.access_token, expiresIn: long.expires_in ?? 5_184_000 };
  },
  async fetchAccounts(token) {
    return [toThreadsAccount(await graph(() => fetchMe(token.accessToken)), token, THREADS_SCOPES)];
  },
  async refreshAccessToken(accessToken) {
    const next = await graph(() => refreshLongLived(accessToken));
    return { accessToken: next.access_token, refreshToken: null, expiresIn: next.expires_in ?? 5_184_000 };
  },
  parseError: parseThreadsError,
  pictureHosts: ["cdninstagram.com", "fbcdn.net"],
  publishing: threadsPublishing,
};
