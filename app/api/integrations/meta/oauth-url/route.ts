import { getDb } from "@/db/client";
import { fail } from "@/lib/actions";
import { apiJson, route } from "@/lib/api/route";
import {
  INTEGRATIONS_PATH,
  META_ERROR_MESSAGES,
  META_MESSAGING_CALLBACK_PATH,
  META_MESSAGING_PURPOSE,
  metaMessagingLogin,
} from "@/lib/meta-messaging";
import { beginOAuth, OAuthFailure } from "@/lib/oauth";
import { serializeCookie } from "@/lib/oauth/cookie";

export const dynamic = "force-dynamic";

/** `{url}`: the Facebook Login dialog for linking the organization's Page (owners and admins). */
export const GET = route({ auth: "session", role: "admin", rateLimit: { scope: "meta-connect", limit: 20, windowMs: 60_000 } }, async (_input, who) => {
  try {
    const { redirectUrl, setCookie } = await beginOAuth(getDb(), {
      provider: metaMessagingLogin,
      platform: "facebook",
      purpose: META_MESSAGING_PURPOSE,
      userId: who.ctx.user.id,
      organizationId: who.organizationId,
      redirectPath: META_MESSAGING_CALLBACK_PATH,
      returnTo: INTEGRATIONS_PATH,
      returnToFallback: INTEGRATIONS_PATH,
    });
    return apiJson({ url: redirectUrl }, 200, { "Referrer-Policy": "no-referrer", "Set-Cookie": serializeCookie(setCookie) });
  } catch (err) {
    if (err instanceof OAuthFailure && err.code === "not_configured") fail("not_configured", META_ERROR_MESSAGES.not_configured);
    throw err;
  }
});
