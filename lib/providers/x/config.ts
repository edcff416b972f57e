import type { OAuthConfig } from "@/lib/providers/types";
import { standardTokenSchema } from "@/lib/providers/token-schema";

/** The scopes Switchboard asks X for (REFERENCE.md), and nothing else (O8). */
export const X_SCOPES = ["tweet.read", "tweet.write", "users.read", "offline.access", "media.write"] as const;

export const X_API = "https://api.x.com";

/** X OAuth 2.0: PKCE S256, confidential client with Basic auth, rotating refresh tokens. */
export const xOAuth = {
  authorizeUrl: "https://x.com/i/oauth2/authorize",
  tokenUrl: `${X_API}/2/oauth2/token`,
  scopes: () => X_SCOPES,
  scopeSeparator: " ",
  pkce: true,
  tokenAuthMethod: "basic",
  credentials: (env) => (env.X_CLIENT_ID && env.X_CLIENT_SECRET ? { clientId: env.X_CLIENT_ID, clientSecret: env.X_CLIENT_SECRET } : null),
  tokenSchema: standardTokenSchema,
  targets: ["personal"],
  refreshable: true,
  // Access tokens last 2 h: refresh in the last 5 minutes, never on a fixed schedule.
  refreshBufferSeconds: 300,
} satisfies OAuthConfig;
