import "server-only";
import { createHmac } from "node:crypto";
import type { z } from "zod";
import { env } from "@/lib/env";
import { httpRequest, isHttpError, type HttpRequestOptions, type HttpResponse } from "@/lib/http";
import { ProviderError, type ClientCredentials } from "@/lib/providers/types";
import { INSTAGRAM_GRAPH_URL } from "./config";
import {
  PROFILE_FIELDS,
  ZLongLivedTokenResponse,
  ZProfile,
  type TLongLivedTokenResponse,
  type TProfile,
} from "./schema";
import { parseInstagramError } from "./transform";

/**
 * Raw calls to Instagram's Business Login endpoints. Every failure becomes a ProviderError
 * (parseInstagramError); network failures and timeouts are `transient`.
 */

async function call(url: string, options: HttpRequestOptions): Promise<HttpResponse> {
  let res: HttpResponse;
  try {
    res = await httpRequest(url, options);
  } catch (error) {
    if (isHttpError(error)) throw new ProviderError("transient", `Instagram could not be reached (${error.kind})`, { cause: error });
    throw error;
  }
  if (!res.ok) {
    const body = res.jsonOrUndefined();
    throw parseInstagramError(res.status, body, res.headers);
  }
  return res;
}

function parse<S extends z.ZodType>(res: HttpResponse, schema: S): z.output<S> {
  try {
    return res.json(schema);
  } catch (error) {
    throw new ProviderError("unknown", "Instagram answered in an unexpected shape", { status: res.status, cause: error });
  }
}

/** `GET graph.instagram.com/access_token?grant_type=ig_exchange_token`: short-lived → 60-day token. */
export async function exchangeForLongLived(accessToken: string, clientSecret: string): Promise<TLongLivedTokenResponse> {
  const res = await call(`${INSTAGRAM_GRAPH_URL}/access_token`, {
    query: { grant_type: "ig_exchange_token", client_secret: clientSecret, access_token: accessToken },
  });
  return parse(res, ZLongLivedTokenResponse);
}

/** `GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token`: a ≥ 24 h old, unexpired token → 60 more days. */
export async function refreshLongLived(accessToken: string): Promise<TLongLivedTokenResponse> {
  const res = await call(`${INSTAGRAM_GRAPH_URL}/refresh_access_token`, {
    query: { grant_type: "ig_refresh_token", access_token: accessToken },
  });
  return parse(res, ZLongLivedTokenResponse);
}

/** HMAC-SHA256(token, app secret) in lowercase hex (SECURITY S6). */
export function appsecretProof(accessToken: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(accessToken).digest("hex");
}

/** `GET graph.instagram.com/vNN/me?fields=…`: the professional account behind a token. */
export async function fetchProfile(accessToken: string, appSecret?: string): Promise<TProfile> {
  const res = await call(`${INSTAGRAM_GRAPH_URL}/${env().GRAPH_API_VERSION}/me`, {
    // The token goes in a header, not the URL (SECURITY S6).
    headers: { authorization: `Bearer ${accessToken}` },
    query: {
      fields: PROFILE_FIELDS.join(","),
      appsecret_proof: appSecret ? appsecretProof(accessToken, appSecret) : undefined,
    },
  });
  return parse(res, ZProfile);
}
