import "server-only";
import { providerApi } from "@/lib/providers/call";
import type { ClientCredentials } from "@/lib/providers/types";
import { THREADS_API_VERSION, THREADS_GRAPH } from "./config";
import { ZThreadsLongLived, ZThreadsMe, type TThreadsMe } from "./schema";
import { parseThreadsError } from "./transform";

/** Every Threads call goes through the provider-call wrapper: Meta-style errors → ProviderError. */
export const threadsApi = providerApi(parseThreadsError);

/** Short-lived (1 h) → long-lived (60 days) token: GET /access_token?grant_type=th_exchange_token. */
export async function exchangeLongLived(shortLived: string, credentials: ClientCredentials) {
  return threadsApi.json(`${THREADS_GRAPH}/access_token`, ZThreadsLongLived, {
    query: { grant_type: "th_exchange_token", client_secret: credentials.clientSecret, access_token: shortLived },
  });
}

/** Long-lived token → a fresh 60-day one: GET /refresh_access_token?grant_type=th_refresh_token. */
export async function refreshLongLived(longLived: string) {
  return threadsApi.json(`${THREADS_GRAPH}/refresh_access_token`, ZThreadsLongLived, {
    query: { grant_type: "th_refresh_token", access_token: longLived },
  });
}

/** GET /v1.0/me with the token in the Authorization header (S6). */
export async function fetchMe(accessToken: string): Promise<TThreadsMe> {
  return threadsApi.json(`${THREADS_GRAPH}/${THREADS_API_VERSION}/me`, ZThreadsMe, {
    query: { fields: "id,username,name,threads_profile_picture_url" },
    headers: { authorization: `Bearer ${accessToken}` },
  });
}
