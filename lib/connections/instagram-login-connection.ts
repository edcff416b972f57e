import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, organizations, socialConnections, type TSocialConnection } from "@/db/schema";
import { storeConnectionAvatars } from "@/lib/connections/avatars";
import { upsertConnections } from "@/lib/connections/store";
import type { ConnectableAccount } from "@/lib/providers/types";

export const INSTAGRAM_LOGIN_PLATFORM = "instagram_login";

/** Saves the one "Instagram (Instagram Login)" connection a sign-in or link yields (same account again = same row), and its picture. */
export async function upsertInstagramConnection(
  db: DbOrTx,
  input: { organizationId: string; userId: string; account: ConnectableAccount },
): Promise<TSocialConnection> {
  const [row] = await upsertConnections(db, {
    organizationId: input.organizationId,
    userId: input.userId,
    platform: INSTAGRAM_LOGIN_PLATFORM,
    accounts: [input.account],
  });
  await storeConnectionAvatars(db, [row!]);
  return row!;
}

/**
 * Where a sign-in should save the account's connection: the organization (among those the user
 * may connect accounts in) that already has it — so signing in again never adds a second row —
 * else `fallbackOrganizationId`.
 */
export async function connectionOrganizationFor(
  db: DbOrTx,
  input: { userId: string; providerAccountId: string; fallbackOrganizationId: string },
): Promise<string> {
  const rows = await db
    .select({ organizationId: socialConnections.organizationId, role: memberships.role, personal: organizations.personal })
    .from(socialConnections)
    .innerJoin(memberships, and(eq(memberships.organizationId, socialConnections.organizationId), eq(memberships.userId, input.userId)))
    .innerJoin(organizations, eq(organizations.id, socialConnections.organizationId))
    .where(and(eq(socialConnections.platform, INSTAGRAM_LOGIN_PLATFORM), eq(socialConnections.providerAccountId, input.providerAccountId)));
  const allowed = rows.filter((r) => r.role === "owner" || r.role === "admin");
  if (allowed.some((r) => r.organizationId === input.fallbackOrganizationId)) return input.fallbackOrganizationId;
  return allowed.find((r) => r.personal)?.organizationId ?? allowed[0]?.organizationId ?? input.fallbackOrganizationId;
}
