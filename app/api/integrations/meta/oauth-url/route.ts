import { getDb } from "@/db/client";
import {
  INTEGRATIONS_PATH,
  META_MESSAGING_CALLBACK_PATH,
  META_MESSAGING_PURPOSE,
  metaApiContext,
  metaJsonError,
  metaMessagingLogin,
} from "@/lib/meta-messaging";
import { beginOAuth, OAuthFailure } from "@/lib/oauth";
import { serializeCookie } from "@/lib/oauth/cookie";
import { enforceRateLimit, rateLimitKey } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

/** `{url}`: the Facebook Login dialog for linking the organization's Page (owners and admins). */
export async function GET(request: Request): Promise<Response> {
  const auth = await metaApiContext("admin", new URL(request.url).searchParams.get("organizationId"));
  if (!auth.ok) return auth.response;
  const db = getDb();
  const limited = await enforceRateLimit(db, { key: rateLimitKey.user("meta-connect", auth.ctx.user.id), limit: 20, windowMs: 60_000 });
  if (limited) return limited;
  try {
    const { redirectUrl, setCookie } = await beginOAuth(db, {
      provider: metaMessagingLogin,
      platform: "facebook",
      purpose: META_MESSAGING_PURPOSE,
      userId: auth.ctx.user.id,
      organizationId: auth.organizationId,
      redirectPath: META_MESSAGING_CALLBACK_PATH,
      returnTo: INTEGRATIONS_PATH,
      returnToFallback: INTEGRATIONS_PATH,
    });
    return Response.json(
      { url: redirectUrl },
      { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "Set-Cookie": serializeCookie(setCookie) } },
    );
  } catch (err) {
    if (err instanceof OAuthFailure && err.code === "not_configured") return metaJsonError("not_configured", 503);
    throw err;
  }
}
