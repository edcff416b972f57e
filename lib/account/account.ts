import "server-only";
import { and, count, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, notifications, notificationSettings, organizations, socialConnections, userIdentities, users } from "@/db/schema";
import { revokeAtProvider } from "@/lib/connections/disconnect";
import { childLogger } from "@/lib/log";

const log = childLogger({ module: "account" });

export interface TSoleOwnedWorkspace {
  id: string;
  name: string;
  /** Everyone in it, the person included. */
  members: number;
}

/**
 * The workspaces that go with the account: those where this person is the only owner. Their
 * connections, posts, inbox and other members' access go too, so the dialog lists them.
 */
export async function soleOwnedWorkspaces(db: DbOrTx, userId: string): Promise<TSoleOwnedWorkspace[]> {
  const owned = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "owner")));
  const out: TSoleOwnedWorkspace[] = [];
  for (const org of owned) {
    const [others] = await db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.organizationId, org.id), eq(memberships.role, "owner"), ne(memberships.userId, userId)));
    if (Number(others?.n ?? 0) > 0) continue;
    const [all] = await db.select({ n: count() }).from(memberships).where(eq(memberships.organizationId, org.id));
    out.push({ ...org, members: Number(all?.n ?? 1) });
  }
  return out;
}

/** What the person must type to confirm: their email, or (an Instagram-only account) "delete my account". */
export function confirmationPhrase(user: { email: string | null }): string {
  return user.email ?? "delete my account";
}

export type TDeleteAccountResult = { ok: true; workspaces: number } | { ok: false; code: "confirmation_mismatch" | "not_found" };

/**
 * Deletes the account and the workspaces it alone owns (with everything in them: connections and
 * their tokens, posts, conversations), in one transaction. Its sessions, identities, memberships,
 * notifications and settings go with the user row. Refused unless `typed` is the confirmation phrase.
 * After the commit, the deleted connections' tokens are revoked at the providers that can revoke
 * one (best effort: a provider that is down never keeps the account).
 */
export async function deleteAccount(db: DbOrTx, userId: string, typed: string): Promise<TDeleteAccountResult> {
  const done = await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) return { ok: false, code: "not_found" } as const;
    if (typed.trim().toLowerCase() !== confirmationPhrase(user).toLowerCase()) return { ok: false, code: "confirmation_mismatch" } as const;
    const sole = await soleOwnedWorkspaces(tx, userId);
    const ids = sole.map((w) => w.id);
    const gone = ids.length ? await tx.select().from(socialConnections).where(inArray(socialConnections.organizationId, ids)) : [];
    if (ids.length) await tx.delete(organizations).where(inArray(organizations.id, ids));
    await tx.delete(users).where(eq(users.id, userId));
    log.info({ workspaces: sole.length, connections: gone.length }, "account deleted");
    return { ok: true, workspaces: sole.length, gone } as const;
  });
  if (!done.ok) return done;
  for (const row of done.gone) await revokeAtProvider(row);
  return { ok: true, workspaces: done.workspaces };
}

/**
 * Everything Switchboard keeps about the person, as JSON (an allowlist: never a token, a
 * password hash or a secret): profile, sign-in identities, workspaces and roles, the
 * connections they made (names, platforms, status), notifications and email settings.
 */
export async function exportAccount(db: DbOrTx, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const identities = await db.select({ provider: userIdentities.provider, providerUserId: userIdentities.providerUserId, linkedAt: userIdentities.createdAt }).from(userIdentities).where(eq(userIdentities.userId, userId));
  const workspaces = await db
    .select({ id: organizations.id, name: organizations.name, role: memberships.role, personal: organizations.personal, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId));
  const connections = await db
    .select({
      id: socialConnections.id,
      workspaceId: socialConnections.organizationId,
      platform: socialConnections.platform,
      displayName: socialConnections.displayName,
      handle: socialConnections.handle,
      status: socialConnections.status,
      scopes: socialConnections.scopes,
      tokenExpiresAt: socialConnections.tokenExpiresAt,
      connectedAt: socialConnections.connectedAt,
    })
    .from(socialConnections)
    .where(eq(socialConnections.connectedBy, userId));
  const notes = await db
    .select({ workspaceId: notifications.organizationId, kind: notifications.kind, subject: notifications.subject, body: notifications.body, createdAt: notifications.createdAt, readAt: notifications.readAt })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  const settings = await db.select({ kind: notificationSettings.kind, email: notificationSettings.email }).from(notificationSettings).where(eq(notificationSettings.userId, userId));
  return {
    exportedAt: new Date().toISOString(),
    profile: { id: user.id, name: user.name, email: user.email, createdAt: user.createdAt, hasPassword: user.passwordHash !== null },
    identities,
    workspaces,
    connections,
    notifications: notes,
    notificationEmailSettings: settings,
    note: "Access tokens are never exported: they stay encrypted on the server.",
  };
}
export type TAccountExport = NonNullable<Awaited<ReturnType<typeof exportAccount>>>;
