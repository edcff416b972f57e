import "server-only";
import { childLogger } from "@/lib/log";
import type { CallbackPurpose } from "@/lib/oauth/callback";
import { hasRole } from "@/lib/orgs/membership";
import { completeMetaAuthorization, toMetaError } from "./authorize";
import { INTEGRATIONS_PATH, META_MESSAGING_PURPOSE } from "./constants";
import { isMetaErrorCode, MetaMessagingError } from "./errors";
import { metaMessagingLogin } from "./provider";

const log = childLogger({ module: "meta-messaging" });

/**
 * The organization's Messenger link: Facebook sends the browser back to
 * /integrations/meta-messaging/oauth/callback; with the 60-day user token we list the Pages in
 * one call: 1 → saved and subscribed, several → the picker, 0 → no_pages. Failures land on the
 * Integrations card (`?meta_error=<code>`, worded by `./errors.ts`).
 */
export const metaMessagingPurpose: CallbackPurpose<typeof META_MESSAGING_PURPOSE> = {
  name: META_MESSAGING_PURPOSE,
  provider: () => metaMessagingLogin,
  callbackLimit: { scope: "meta-callback", limit: 30, windowMs: 60_000, answer: "status" },
  screenCode: (code, caller) => (!caller ? "signed_out" : isMetaErrorCode(code) ? code : "internal"),
  failureLocation: ({ code }) => `${INTEGRATIONS_PATH}?meta_error=${code}`,
  async handle(db, { token, caller }) {
    if (!caller || !hasRole(caller.role, "admin")) return { kind: "failed", code: "forbidden" };
    try {
      const outcome = await completeMetaAuthorization(db, { organizationId: caller.organizationId, userId: caller.userId, userAccessToken: token.accessToken });
      if (outcome.kind === "no_pages") return { kind: "failed", code: "no_pages" };
      if (outcome.kind === "select") return { kind: "choose", location: `${INTEGRATIONS_PATH}?meta_select_page=true` };
      // The card shows the saved Page and whether both webhook levels are subscribed.
      return { kind: "done", location: INTEGRATIONS_PATH };
    } catch (err) {
      const mapped = toMetaError(err);
      if (mapped instanceof MetaMessagingError) return { kind: "failed", code: mapped.code };
      log.error({ err }, "meta messaging callback failed");
      return { kind: "failed", code: "internal" };
    }
  },
};
