import "server-only";
import { basicAuthHeader } from "@/lib/http";
import { providerApi } from "@/lib/providers/call";
import type { ClientCredentials } from "@/lib/providers/types";
import { X_API } from "./config";
import { ZXMe, type TXMe } from "./schema";
import { parseXError } from "./transform";

/** Every X call goes through the provider-call wrapper: X's Problem objects → ProviderError. */
export const xApi = providerApi(parseXError);

/** GET /2/users/me with the fields the card shows. */
export async function fetchMe(accessToken: string): Promise<TXMe> {
  return xApi.json(`${X_API}/2/users/me`, ZXMe, {
    query: { "user.fields": "profile_image_url,username,name" },
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

/** POST /2/oauth2/revoke (RFC 7009); answers the same whether or not the token was live. */
export async function revoke(token: string, credentials: ClientCredentials, hint: "access_token" | "refresh_token" = "access_token"): Promise<void> {
  await xApi.request(`${X_API}/2/oauth2/revoke`, {
    method: "POST",
    headers: { authorization: basicAuthHeader(credentials) },
    form: { token, token_type_hint: hint, client_id: credentials.clientId },
  });
}
