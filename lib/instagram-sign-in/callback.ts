import "server-only";
import { createAuthSession, deleteAuthSession } from "@/lib/auth/sessions";
import { childLogger } from "@/lib/log";
import type { CallbackPurpose } from "@/lib/oauth/callback";
import { instagramLoginProvider } from "@/lib/providers/instagram_login/provider";
import { completeInstagramLogin, INSTAGRAM_SIGN_IN_PURPOSE } from "./complete";
import { failureLocation, parseOrigin, signInFailureOf } from "./routes";

const log = childLogger({ module: "instagram-login" });

/**
 * "Continue with Instagram" and "Link Instagram": with the 60-day token, signs in (a new session,
 * A6) or links the account to the signed-in user, saving the one Instagram connection either way.
 * Failures go back to the page the person started from (`?instagram_error=<code>`).
 */
export const instagramSignInPurpose: CallbackPurpose<typeof INSTAGRAM_SIGN_IN_PURPOSE> = {
  name: INSTAGRAM_SIGN_IN_PURPOSE,
  provider: () => instagramLoginProvider,
  // The flow may have started signed out; a link flow's user is checked by the handler.
  anonymous: true,
  callbackLimit: { scope: "instagram-callback", limit: 60, windowMs: 15 * 60_000 },
  screenCode: (code) => signInFailureOf(code),
  failureLocation: ({ code, flow }) => failureLocation(parseOrigin(flow?.extra?.from), code),
  async handle(db, { flow, token, ctx }) {
    if (flow.userId) {
      // A link started from Settings: only the same person, still signed in, may finish it (O1).
      const { getCurrentUser } = await import("@/lib/auth/current");
      const user = await getCurrentUser();
      if (!user) return { kind: "failed", code: "signed_out" };
      if (user.id !== flow.userId) {
        log.warn({ flowId: flow.id }, "instagram link finished by another user");
        return { kind: "failed", code: "start_again" };
      }
    }
    const outcome = await completeInstagramLogin(db, { token, ctx, linkUserId: flow.userId, linkOrganizationId: flow.organizationId });
    if (!outcome.ok) return { kind: "failed", code: outcome.code };
    if (outcome.mode === "link") return { kind: "done", location: `${flow.returnTo}?instagram=linked` };

    // A new session for every sign-in (A6); a session this browser had before ends.
    // next-auth and the request's cookies load only here, inside a request: the callback registry is
    // also imported by scripts and benches (npm run bench -- publish) that never sign anyone in.
    const [{ signIn }, { currentSessionId }] = await Promise.all([import("@/lib/auth"), import("@/lib/auth/current")]);
    const previous = await currentSessionId();
    if (previous) await deleteAuthSession(db, previous);
    const ticket = await createAuthSession(db, outcome.userId);
    await signIn("ticket", { ticket, redirectTo: flow.returnTo, redirect: false });
    return { kind: "done", location: flow.returnTo };
  },
};
