import "server-only";
import type { TFailureCode } from "@/lib/errors/codes";
import { childLogger } from "@/lib/log";
import type { CallbackPurpose } from "@/lib/oauth/callback";
import { getProvider } from "@/lib/providers";
import { storeConnectionAvatars } from "./avatars";
import { createPendingSelection } from "./pending";
import { upsertConnections } from "./store";

const log = childLogger({ module: "connections" });

/** Where a failure lands: the Connections page with an Alert naming what happened and what to do. */
export function failureLocation(code: TFailureCode, platform: string, extra: { missingScopes?: string[]; target?: string } = {}): string {
  const q = new URLSearchParams({ error: code, platform });
  if (extra.target && extra.target !== "personal") q.set("target", extra.target);
  if (extra.missingScopes?.length) q.set("missing", extra.missingScopes.join(" "));
  return `/connections?${q.toString()}`;
}

function successLocation(returnTo: string, platform: string, count: number): string {
  const url = new URL(returnTo, "http://switchboard.invalid");
  url.searchParams.set("connected", platform);
  url.searchParams.set("count", String(count));
  return `${url.pathname}${url.search}`;
}

/** The Connections page's callback limit, shared by every purpose that comes back to /api/social/<platform>/callback. */
export const SOCIAL_CALLBACK_LIMIT = { scope: "oauth-callback", limit: 300, windowMs: 10 * 60_000 };

/**
 * Creator connect: lists the accounts the authorization can connect — one → saved; several →
 * the picker; none → a failure on the Connections page.
 */
export const connectPurpose: CallbackPurpose<"connect"> = {
  name: "connect",
  provider(platform) {
    const provider = getProvider(platform);
    return provider?.kind === "oauth2" ? provider : null;
  },
  callbackLimit: SOCIAL_CALLBACK_LIMIT,
  // A callback with no session at all: the person was signed out on the provider's page.
  screenCode: (code, caller) => (!caller && code === "session_mismatch" ? "signed_out" : code),
  failureLocation: ({ code, platform, missingScopes, flow }) => failureLocation(code, platform, { missingScopes, target: flow?.target }),
  async handle(db, { platform, flow, token, ctx, caller }) {
    // The engine has compared the flow's user and organization with this caller.
    const s = caller!;
    const provider = connectPurpose.provider(platform)!;
    const found = await provider.fetchAccounts(token, ctx);
    if (!found.ok) return { kind: "failed", code: found.code, missingScopes: found.missingScopes };
    const accounts = found.accounts;
    const usable = accounts.filter((a) => !a.unavailableReason);
    if (accounts.length === 0) return { kind: "failed", code: "no_accounts" };
    const reconnect = flow.extra.reconnect as { providerAccountId?: string } | undefined;
    if (reconnect?.providerAccountId && accounts.length === 1 && accounts[0]!.providerAccountId !== reconnect.providerAccountId) {
      return { kind: "failed", code: "wrong_account" };
    }
    if (accounts.length === 1 && usable.length === 1) {
      const [row] = await upsertConnections(db, { organizationId: s.organizationId, userId: s.userId, platform, accounts: usable });
      await storeConnectionAvatars(db, [row!]);
      log.info({ platform, connectionId: row?.id }, "connection saved");
      return { kind: "done", location: successLocation(flow.returnTo, platform, 1) };
    }
    const id = await createPendingSelection(db, { userId: s.userId, organizationId: s.organizationId, platform, accounts, returnTo: flow.returnTo });
    return { kind: "choose", location: `/connections/select/${id}` };
  },
};
