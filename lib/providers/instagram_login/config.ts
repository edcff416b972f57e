import type { OAuthConfig, TokenSet } from "@/lib/providers/types";
import type { z } from "zod";
import { ZCodeExchangeResponse } from "./schema";
import { codeExchangeToTokenSet } from "./transform";

/** Instagram Login connects one professional account; there is nothing to choose. */
export const INSTAGRAM_LOGIN_TARGETS = ["professional"] as const;
export type InstagramLoginTarget = (typeof INSTAGRAM_LOGIN_TARGETS)[number];

/** Exactly these (SECURITY O8); the old `business_*` names were retired in January 2025. */
export const INSTAGRAM_LOGIN_SCOPES = [
  "instagram_business_basic",
  "instagram_business_content_publish",
  "instagram_business_manage_messages",
  "instagram_business_manage_comments",
] as const;

export const INSTAGRAM_AUTHORIZE_URL = "https://www.instagram.com/oauth/authorize";
export const INSTAGRAM_TOKEN_URL = "https://api.instagram.com/oauth/access_token";
export const INSTAGRAM_GRAPH_URL = "https://graph.instagram.com";

/** The code exchange answer, either shape, as a TokenSet. */
export const ZInstagramTokenSet: z.ZodType<TokenSet> = ZCodeExchangeResponse.transform(codeExchangeToTokenSet);

/** Instagram API with Instagram Login ("Business Login"), as data for the OAuth engine. */
export const instagramLoginOAuth = {
  authorizeUrl: INSTAGRAM_AUTHORIZE_URL,
  tokenUrl: INSTAGRAM_TOKEN_URL,
  tokenRequestMethod: "POST",
  scopes: () => INSTAGRAM_LOGIN_SCOPES,
  scopeSeparator: ",",
  // Instagram Login documents no PKCE; state + the server-side flow record bind the callback.
  pkce: false,
  tokenAuthMethod: "body",
  credentials: (env) =>
    env.INSTAGRAM_APP_ID && env.INSTAGRAM_APP_SECRET ? { clientId: env.INSTAGRAM_APP_ID, clientSecret: env.INSTAGRAM_APP_SECRET } : null,
  tokenSchema: ZInstagramTokenSet,
  targets: INSTAGRAM_LOGIN_TARGETS,
  // Long-lived tokens last 60 days and refresh (ig_refresh_token) once 24 h old: renew in the last 30.
  refreshBufferSeconds: 30 * 86_400,
} satisfies OAuthConfig<InstagramLoginTarget>;
