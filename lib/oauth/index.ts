import "server-only";

// The one OAuth 2.0 engine (see README.md beside this file).
export {
  beginOAuth,
  buildAuthorizeUrl,
  CALLBACK_HEADERS,
  credentialsFor,
  defaultRedirectPath,
  failureCodeOf,
  finishOAuth,
  missingScopes,
  oauthRedirect,
  pruneOAuthFlows,
  redirectUriFor,
  type BeginOAuthInput,
  type BeginOAuthResult,
  type FinishOAuthInput,
  type FinishOAuthResult,
  type TOAuthFlow,
} from "./engine";
export { clearFlowCookie, flowCookieName, FLOW_TTL_SECONDS, type CookieToSet } from "./cookie";
export { describeFailure, isOAuthFailureCode, OAUTH_FAILURES, OAuthFailure, type OAuthFailureCode } from "./failures";
export { codeChallengeS256, createCodeVerifier, createState, hashState } from "./pkce";
export { splitScopes, standardTokenSchema } from "@/lib/providers/token-schema";
export { basicAuthHeader, exchangeCode, refreshWithConfig } from "./token";
