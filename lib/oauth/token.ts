import "server-only";
import { basicAuthHeader, http, HttpError, type HttpResponse } from "@/lib/http";
import { childLogger } from "@/lib/log";
import type { AnyOAuthProvider as OAuthProvider, ClientCredentials, OAuthConfig, TokenSet } from "@/lib/providers/types";
import { ProviderError } from "@/lib/providers/types";
import { OAuthFailure } from "./failures";

const log = childLogger({ module: "oauth" });

export { basicAuthHeader };

/** The token request's parameters, with client authentication as the config says. */
function tokenRequest(config: OAuthConfig, credentials: ClientCredentials, params: Record<string, string>) {
  const headers: Record<string, string> = { accept: "application/json" };
  const fields: Record<string, string> = { ...params, client_id: credentials.clientId };
  if (config.tokenAuthMethod === "basic") headers.authorization = basicAuthHeader(credentials);
  else fields.client_secret = credentials.clientSecret;
  return { headers, fields };
}

async function send(config: OAuthConfig, credentials: ClientCredentials, params: Record<string, string>, retry: boolean): Promise<HttpResponse> {
  const { headers, fields } = tokenRequest(config, credentials, params);
  if ((config.tokenRequestMethod ?? "POST") === "GET") {
    return http().get(config.tokenUrl, { headers, query: fields });
  }
  return http().post(config.tokenUrl, { headers, form: fields, retry });
}

/** Maps a failed token response to the failure a person sees; logs the provider's words for the admin. */
export function tokenFailure(provider: OAuthProvider, res: HttpResponse, step: string): OAuthFailure {
  const body = res.jsonOrUndefined();
  const error = (body as { error?: unknown } | undefined)?.error;
  const oauthCode = typeof error === "string" ? error : undefined;
  const description = JSON.stringify(body ?? {}).slice(0, 300);
  const parsed = provider.parseError(res.status, body, res.headers);
  const text = `${oauthCode ?? ""} ${description}`.toLowerCase();
  let code: OAuthFailure["code"];
  if (res.status >= 500 || parsed.kind === "transient") code = "provider_unavailable";
  else if (res.status === 429 || parsed.kind === "rate_limit") code = "provider_unavailable";
  else if (oauthCode === "invalid_client" || oauthCode === "unauthorized_client" || res.status === 401 || /redirect[_ ]?ur[il]|client secret|application id|app id/.test(text)) {
    code = "misconfigured";
  } else code = "invalid_grant";
  // The provider's error description helps the admin; it never holds the code or a token.
  log.warn({ platform: provider.catalog.platform, step, status: res.status, error: oauthCode, providerCode: parsed.providerCode, failure: code }, "token request failed");
  if (code === "misconfigured") log.error({ platform: provider.catalog.platform, step, detail: description }, "OAuth app settings rejected by the provider (client id, secret or redirect URI)");
  return new OAuthFailure(code, `${step} returned ${res.status}`);
}

function networkFailure(provider: OAuthProvider, error: unknown, step: string): never {
  if (error instanceof HttpError && (error.kind === "timeout" || error.kind === "network")) {
    log.warn({ platform: provider.catalog.platform, step, error: error.kind, attempts: error.attempts }, "token request failed");
    throw new OAuthFailure("provider_unavailable", `${step}: ${error.kind}`);
  }
  throw error;
}

function parseToken(provider: OAuthProvider, res: HttpResponse, step: string): TokenSet {
  try {
    return res.json(provider.oauth.tokenSchema);
  } catch (error) {
    log.error({ platform: provider.catalog.platform, step, err: error }, "unexpected token response");
    throw new OAuthFailure("provider_unavailable", `${step}: unexpected response`);
  }
}

/** Authorization code → tokens. `redirectUri` must be the exact value sent to the authorize URL (O5). */
export async function exchangeCode(
  provider: OAuthProvider,
  credentials: ClientCredentials,
  input: { code: string; redirectUri: string; codeVerifier?: string | null },
): Promise<TokenSet> {
  const params: Record<string, string> = { grant_type: "authorization_code", code: input.code, redirect_uri: input.redirectUri };
  if (input.codeVerifier) params.code_verifier = input.codeVerifier;
  let res: HttpResponse;
  try {
    // A 5xx means the code was not redeemed: trying again is safe and is what "after retries" means.
    res = await send(provider.oauth, credentials, params, true);
  } catch (error) {
    networkFailure(provider, error, "code exchange");
  }
  if (!res.ok) throw tokenFailure(provider, res, "code exchange");
  return parseToken(provider, res, "code exchange");
}

/**
 * The standard refresh grant at the token endpoint. Not retried on 5xx: with rotating refresh
 * tokens (X) a repeated request could spend the new token. Throws ProviderError (kind `auth`
 * when the refresh token is dead, `transient` when the provider is down).
 */
export async function refreshWithConfig(provider: OAuthProvider, credentials: ClientCredentials, refreshToken: string): Promise<TokenSet> {
  let res: HttpResponse;
  try {
    res = await send(provider.oauth, credentials, { grant_type: "refresh_token", refresh_token: refreshToken }, false);
  } catch (error) {
    if (error instanceof HttpError) throw new ProviderError("transient", `token refresh: ${error.kind}`, { cause: error });
    throw error;
  }
  if (!res.ok) {
    const body = res.jsonOrUndefined();
    const error = (body as { error?: unknown } | undefined)?.error;
    if (res.status >= 500) throw new ProviderError("transient", `token refresh returned ${res.status}`, { status: res.status });
    if (res.status === 429) throw new ProviderError("rate_limit", "token refresh rate limited", { status: 429, retryAfterSeconds: res.rateLimit.retryAfterSeconds });
    if (error === "invalid_client" || error === "unauthorized_client") {
      throw new ProviderError("permission", `token refresh rejected the client (${String(error)})`, { status: res.status, providerCode: String(error) });
    }
    // invalid_grant / invalid_request: the refresh token is used, expired or revoked.
    throw new ProviderError("auth", `token refresh returned ${res.status}`, { status: res.status, providerCode: typeof error === "string" ? error : undefined });
  }
  return res.json(provider.oauth.tokenSchema);
}
