import "server-only";
import { INSTAGRAM_GRAPH_HOST, graphCall, graphUrl } from "@/lib/providers/facebook/graph";
import { providerJson } from "@/lib/providers/call";
import type { ClientCredentials } from "@/lib/providers/types";
import { INSTAGRAM_GRAPH_URL } from "./config";
import { PROFILE_FIELDS, ZLongLivedTokenResponse, ZProfile, type TLongLivedTokenResponse, type TProfile } from "./schema";
import { parseInstagramError } from "./transform";

/**
 * Instagram's Business Login endpoints. Token calls go through the provider-call wrapper, the
 * profile through the one Graph client (token header, appsecret_proof with the Instagram app's
 * secret); every failure is a ProviderError (parseInstagramError), no answer is `transient`.
 */

/** `GET graph.instagram.com/access_token?grant_type=ig_exchange_token`: short-lived → 60-day token. */
export async function exchangeForLongLived(accessToken: string, clientSecret: string): Promise<TLongLivedTokenResponse> {
  return providerJson(parseInstagramError, `${INSTAGRAM_GRAPH_URL}/access_token`, ZLongLivedTokenResponse, {
    query: { grant_type: "ig_exchange_token", client_secret: clientSecret, access_token: accessToken },
  });
}

/** `GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token`: a ≥ 24 h old, unexpired token → 60 more days. */
export async function refreshLongLived(accessToken: string): Promise<TLongLivedTokenResponse> {
  return providerJson(parseInstagramError, `${INSTAGRAM_GRAPH_URL}/refresh_access_token`, ZLongLivedTokenResponse, {
    query: { grant_type: "ig_refresh_token", access_token: accessToken },
  });
}

/** `GET graph.instagram.com/vNN/me?fields=…`: the professional account behind a token. */
export async function fetchProfile(accessToken: string, creds: ClientCredentials): Promise<TProfile> {
  return graphCall("GET", graphUrl("me", INSTAGRAM_GRAPH_HOST), ZProfile, {
    token: accessToken,
    creds,
    query: { fields: PROFILE_FIELDS.join(",") },
    parseError: parseInstagramError,
  });
}
