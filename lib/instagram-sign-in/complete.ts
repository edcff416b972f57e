import "server-only";
import type { DbOrTx } from "@/db/client";
import { linkInstagramLoginInbox } from "@/lib/inbox/instagram-login";
import { childLogger } from "@/lib/log";
import { findMembership, hasRole } from "@/lib/orgs/membership";
import type { HookContext, TokenSet } from "@/lib/providers/types";
import { instagramLoginProvider } from "@/lib/providers/instagram_login/provider";
import { connectionOrganizationFor, upsertInstagramConnection } from "@/lib/connections/instagram-login-connection";
import { linkInstagramIdentity, personalOrganizationOf, signInWithInstagramIdentity, type TInstagramIdentity } from "./identity";
import type { InstagramSignInFailure } from "./messages";

const log = childLogger({ module: "instagram-login" });

/** The OAuth flow purpose for signing in (or linking) with Instagram: one purpose, one cookie. */
export const INSTAGRAM_SIGN_IN_PURPOSE = "instagram_sign_in";

export type TInstagramSignInOutcome =
  | { ok: true; mode: "sign_in"; userId: string; created: boolean; connectionId: string }
  | { ok: true; mode: "link"; userId: string; connectionId: string }
  | { ok: false; code: InstagramSignInFailure };

/**
 * After a successful code exchange: reads the professional account from /me, then either signs
 * the person in (creating their user and personal organization the first time) or links the
 * account to the signed-in user — and saves the one Instagram connection either way, whose DMs
 * then come to that organization's Inbox (webhook subscription and history import).
 * `linkUserId` is the flow's user (a link started from Settings); `linkOrganizationId` its organization.
 */
export async function completeInstagramLogin(
  db: DbOrTx,
  input: { token: TokenSet; ctx: HookContext; linkUserId: string | null; linkOrganizationId: string | null },
): Promise<TInstagramSignInOutcome> {
  const found = await instagramLoginProvider.fetchAccounts(input.token, input.ctx);
  const account = found.ok ? found.accounts[0] : undefined;
  if (!account) return { ok: false, code: "internal" };
  const identity: TInstagramIdentity = {
    accountId: account.providerAccountId,
    username: account.handle ?? account.displayName,
    name: account.displayName,
    avatarUrl: account.avatarUrl ?? null,
  };

  if (input.linkUserId) {
    const linked = await linkInstagramIdentity(db, input.linkUserId, identity);
    if (!linked.ok) {
      log.info({ accountId: identity.accountId }, "instagram account already linked to another user");
      return { ok: false, code: linked.code };
    }
    // The connection goes to the workspace the link was started from when the person may connect
    // accounts there (owner/admin); otherwise to their personal workspace.
    const membership = input.linkOrganizationId ? await findMembership(db, input.linkUserId, input.linkOrganizationId) : null;
    const organizationId =
      membership && hasRole(membership.role, "admin") ? membership.organizationId : await personalOrganizationOf(db, input.linkUserId);
    const connection = await upsertInstagramConnection(db, { organizationId, userId: input.linkUserId, account });
    await linkInstagramLoginInbox(db, connection);
    return { ok: true, mode: "link", userId: input.linkUserId, connectionId: connection.id };
  }

  const { user, created, personalOrganizationId } = await signInWithInstagramIdentity(db, identity);
  const organizationId = await connectionOrganizationFor(db, {
    userId: user.id,
    providerAccountId: account.providerAccountId,
    fallbackOrganizationId: personalOrganizationId,
  });
  const connection = await upsertInstagramConnection(db, { organizationId, userId: user.id, account });
  await linkInstagramLoginInbox(db, connection);
  log.info({ userId: user.id, created }, "signed in with instagram");
  return { ok: true, mode: "sign_in", userId: user.id, created, connectionId: connection.id };
}
