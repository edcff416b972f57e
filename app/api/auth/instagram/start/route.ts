import { getDb } from "@/db/client";
import { getCurrentUser } from "@/lib/auth/current";
import { INSTAGRAM_SIGN_IN_PURPOSE } from "@/lib/instagram-sign-in/complete";
import { failureRedirect, parseOrigin } from "@/lib/instagram-sign-in/routes";
import { childLogger } from "@/lib/log";
import { beginOAuth, oauthRedirect, OAuthFailure } from "@/lib/oauth";
import { getOrgContext } from "@/lib/orgs/current";
import { instagramLoginProvider } from "@/lib/providers/instagram_login/provider";
import { clientIp, rateLimit } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

const log = childLogger({ module: "instagram-login" });

/**
 * "Continue with Instagram" (from sign-in or sign-up) and "Link Instagram" (from Settings):
 * stores the flow, sets its httpOnly cookie and sends the browser to Instagram's dialog.
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const from = parseOrigin(url.searchParams.get("from"));
  const db = getDb();

  const limited = await rateLimit(db, { key: `instagram-sign-in:ip:${clientIp(request.headers)}`, limit: 30, windowMs: 15 * 60_000 });
  if (!limited.ok) return failureRedirect(from, "rate_limited");

  let userId: string | null = null;
  let organizationId: string | null = null;
  if (from === "settings") {
    // Linking needs a signed-in user; the flow remembers who, and the callback checks it is still them.
    const ctx = await getOrgContext();
    if (!ctx) return oauthRedirect("/sign-in?returnTo=%2Fsettings%2Ftab%2Fgeneral");
    userId = ctx.user.id;
    organizationId = ctx.org.organizationId;
  } else if (await getCurrentUser()) {
    // Already signed in: nothing to do.
    return oauthRedirect("/connections");
  }

  try {
    const { redirectUrl, setCookie } = await beginOAuth(db, {
      provider: instagramLoginProvider,
      platform: instagramLoginProvider.catalog.platform,
      purpose: INSTAGRAM_SIGN_IN_PURPOSE,
      userId,
      organizationId,
      returnTo: from === "settings" ? "/settings/tab/general" : url.searchParams.get("returnTo"),
      returnToFallback: "/connections",
      redirectPath: "/api/auth/instagram/callback",
      extra: { from },
    });
    return oauthRedirect(redirectUrl, [setCookie]);
  } catch (error) {
    if (error instanceof OAuthFailure && error.code === "not_configured") return failureRedirect(from, "not_configured");
    log.error({ err: error }, "could not start instagram sign-in");
    return failureRedirect(from, "internal");
  }
}
