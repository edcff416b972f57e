import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, organizations, socialConnections, userIdentities, users } from "@/db/schema";
import { createUserWithPersonalOrg, isUniqueViolation, type TUser } from "@/lib/auth/users";

/** `user_identities.provider` for Instagram professional accounts (Business Login). */
export const INSTAGRAM_IDENTITY = "instagram";

/** Who Instagram says signed in: the professional account id (`/me` user_id) and profile. */
export interface TInstagramIdentity {
  accountId: string;
  username: string;
  name: string | null;
  avatarUrl: string | null;
}

export type TSignInResult = { user: TUser; created: boolean; personalOrganizationId: string };

/** The user who signs in with this Instagram account, if any. */
export async function findUserByInstagramAccount(db: DbOrTx, accountId: string): Promise<TUser | null> {
  const [row] = await db
    .select({ user: users })
    .from(userIdentities)
    .innerJoin(users, eq(users.id, userIdentities.userId))
    .where(and(eq(userIdentities.provider, INSTAGRAM_IDENTITY), eq(userIdentities.providerUserId, accountId)))
    .limit(1);
  return row?.user ?? null;
}

/** The user's personal organization (every user has exactly one, which they own). */
export async function personalOrganizationOf(db: DbOrTx, userId: string): Promise<string> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(organizations.personal, true)))
    .limit(1);
  if (!row) throw new Error("user has no personal organization");
  return row.id;
}

function displayName(identity: TInstagramIdentity): string {
  return identity.name?.trim() || identity.username;
}

/**
 * Signs a person in by their Instagram professional account: the user linked to it (their
 * Instagram name and picture refreshed), or — the first time — a new user without an email,
 * with a personal organization and the identity row.
 */
export async function signInWithInstagramIdentity(db: DbOrTx, identity: TInstagramIdentity): Promise<TSignInResult> {
  const existing = await findUserByInstagramAccount(db, identity.accountId);
  if (existing) return { user: await refreshProfile(db, existing, identity), created: false, personalOrganizationId: await personalOrganizationOf(db, existing.id) };
  try {
    const user = await db.transaction(async (tx) => {
      const created = await createUserWithPersonalOrg(tx, {
        name: displayName(identity),
        email: null,
        passwordHash: null,
        image: identity.avatarUrl,
      });
      await tx.insert(userIdentities).values({ userId: created.id, provider: INSTAGRAM_IDENTITY, providerUserId: identity.accountId });
      return created;
    });
    return { user, created: true, personalOrganizationId: await personalOrganizationOf(db, user.id) };
  } catch (error) {
    // Two first sign-ins at once: the unique identity decides, the loser's user is rolled back.
    if (!isUniqueViolation(error)) throw error;
    const winner = await findUserByInstagramAccount(db, identity.accountId);
    if (!winner) throw error;
    return { user: winner, created: false, personalOrganizationId: await personalOrganizationOf(db, winner.id) };
  }
}

/**
 * Keeps an Instagram-only user's name and picture in step with Instagram. A user who signs up
 * with email and linked Instagram later keeps the name they chose; only a missing picture is filled.
 */
async function refreshProfile(db: DbOrTx, user: TUser, identity: TInstagramIdentity): Promise<TUser> {
  const instagramOnly = !user.email && !user.passwordHash;
  const next = instagramOnly
    ? { name: displayName(identity), image: identity.avatarUrl ?? user.image }
    : { name: user.name ?? displayName(identity), image: user.image ?? identity.avatarUrl };
  if (next.name === user.name && next.image === user.image) return user;
  const [updated] = await db
    .update(users)
    .set({ ...next, updatedAt: new Date() })
    .where(eq(users.id, user.id))
    .returning();
  return updated ?? user;
}

export type TLinkResult = { ok: true; alreadyLinked: boolean } | { ok: false; code: "already_linked" };

/** Links an Instagram account to a signed-in user, so they can sign in with it too. */
export async function linkInstagramIdentity(db: DbOrTx, userId: string, identity: TInstagramIdentity): Promise<TLinkResult> {
  const owner = await findUserByInstagramAccount(db, identity.accountId);
  if (owner) return owner.id === userId ? { ok: true, alreadyLinked: true } : { ok: false, code: "already_linked" };
  try {
    await db.insert(userIdentities).values({ userId, provider: INSTAGRAM_IDENTITY, providerUserId: identity.accountId });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await findUserByInstagramAccount(db, identity.accountId);
    return winner?.id === userId ? { ok: true, alreadyLinked: true } : { ok: false, code: "already_linked" };
  }
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (user) await refreshProfile(db, user, identity);
  return { ok: true, alreadyLinked: false };
}

export interface TLinkedInstagramAccount {
  accountId: string;
  username: string | null;
  linkedAt: Date;
}

/** The Instagram accounts a user signs in with, with the @username their connection shows (for Settings). */
export async function listLinkedInstagramAccounts(db: DbOrTx, userId: string): Promise<TLinkedInstagramAccount[]> {
  const rows = await db
    .select({ accountId: userIdentities.providerUserId, linkedAt: userIdentities.createdAt, handle: socialConnections.handle })
    .from(userIdentities)
    .leftJoin(
      socialConnections,
      and(
        eq(socialConnections.providerAccountId, userIdentities.providerUserId),
        eq(socialConnections.platform, "instagram_login"),
        inArray(
          socialConnections.organizationId,
          db.select({ id: memberships.organizationId }).from(memberships).where(eq(memberships.userId, userId)),
        ),
      ),
    )
    .where(and(eq(userIdentities.userId, userId), eq(userIdentities.provider, INSTAGRAM_IDENTITY)));
  const byAccount = new Map<string, TLinkedInstagramAccount>();
  for (const r of rows) {
    const seen = byAccount.get(r.accountId);
    if (!seen || (!seen.username && r.handle)) byAccount.set(r.accountId, { accountId: r.accountId, username: r.handle, linkedAt: r.linkedAt });
  }
  return [...byAccount.values()];
}
