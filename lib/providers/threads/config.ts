import type { OAuthConfig } from "@/lib/providers/types";
import { ZThreadsToken } from "./schema";

export const THREADS_GRAPH = "https://graph.threads.net";
export const THREADS_API_VERSION = "v1.0";
export const THREADS_SCOPES = ["threads_basic", "threads_content_publish"] as const;

/** Threads OAuth: its own app id/secret, authorize at threads.net, tokens at graph.threads.net. */
export const threadsOAuth = {
  authorizeUrl: "https://threads.net/oauth/authorize",
  tokenUrl: `${THREADS_GRAPH}/oauth/access_token`,
  scopes: () => THREADS_SCOPES,
  scopeSeparator: ",",
  pkce: false,
  tokenAuthMethod: "body",
  credentials: (env) => (env.THREADS_APP_ID && env.THREADS_APP_SECRET ? { clientId: env.THREADS_APP_ID, clientSecret: env.THREADS_APP_SECRET } : null),
  tokenSchema: ZThreadsToken,
  targets: ["personal"],
  // Long-lived tokens (60 days) refresh once at least 24 h old: do it in the last week.
  refreshBufferSeconds: 7 * 24 * 3600,
} satisfies OAuthConfig;
