import { getDb } from "@/db/client";
import { signIn } from "@/lib/auth";
import { currentSessionId, getCurrentUser } from "@/lib/auth/current";
import { createAuthSession, deleteAuthSession } from "@/lib/auth/sessions";
import { completeInstagramLogin, INSTAGRAM_SIGN_IN_PURPOSE } from "@/lib/instagram-login/complete";
import { failureRedirect, parseOrigin, signInFailureOf } from "@/lib/instagram-login/routes";
import { childLogger } from "@/lib/log";
import { failureCodeOf, finishOAuth, oauthRedirect } from "@/lib/oauth";
import { instagramLoginProvider } from "@/lib/providers/instagram_login/provider";
import { clientIp, rateLimit } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

const log = childLogger({ module: "instagram-login" });

/**
 * Instagram's redirect after "Continue with Instagram" or "Link Instagram". Consumes the flow
 * (cookie + state, once), exchanges the code for a 60-day token, then signs in or links, saves
 * the connection and answers a 303 to a clean URL (no code or state; no-referrer; no-store).
 */
export async function GET(request: Request): Promise<Response> {
  const db = getDb();
  const limited = await rateLimit(db, { key: `instagram-callback:ip:${clientIp(request.headers)}`, limit: 60, windowMs: 15 * 60_000 });
  if (!limited.ok) return failureRedirect("sign-in", "rate_limited");

  const result = await finishOAuth(db, {
    provider: instagramLoginProvider,
    platform: instagramLoginProvider.catalog.platform,
    purpose: INSTAGRAM_SIGN_IN_PURPOSE,
    request,
    userId: null,
    organizationId: null,
    // The flow may have started signed out; a link flow's user is checked below.
    anonymous: true,
  });
  const from = parseOrigin(result.flow?.extra?.from);
  if (!result.ok) return failureRedirect(from, signInFailureOf(result.code), [result.clearCookie]);
  const { flow, token, ctx, clearCookie } = result;

  if (flow.userId) {
    // A link started from Settings: only the same person, still signed in, may finish it (O1).
    const user = await getCurrentUser();
    if (!user) return failureRedirect("settings", "signed_out", [clearCookie]);
    if (user.id !== flow.userId) {
      log.warn({ flowId: flow.id }, "instagram link finished by another user");
      return failureRedirect("settings", "start_again", [clearCookie]);
    }
  }

  let outcome;
  try {
    outcome = await completeInstagramLogin(db, { token, ctx, linkUserId: flow.userId, linkOrganizationId: flow.organizationId });
  } catch (error) {
    return failureRedirect(from, signInFailureOf(failureCodeOf(error, "instagram_login")), [clearCookie]);
  }
  if (!outcome.ok) return failureRedirect(from, outcome.code, [clearCookie]);
  if (outcome.mode === "link") return oauthRedirect(`${flow.returnTo}?instagram=linked`, [clearCookie]);

  // A new session for every sign-in (A6); a session this browser had before ends.
  const previous = await currentSessionId();
  if (previous) await deleteAuthSession(db, previous);
  const ticket = await createAuthSession(db, outcome.userId);
  await signIn("ticket", { ticket, redirectTo: flow.returnTo, redirect: false });
  return oauthRedirect(flow.returnTo, [clearCookie]);
}
