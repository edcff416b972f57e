import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, organizations, type TMembershipRole } from "@/db/schema";

export interface TOrgMembership {
  organizationId: string;
  name: string;
  personal: boolean;
  role: TMembershipRole;
}

/** Every organization a user belongs to, personal first. */
export async function listMemberships(db: DbOrTx, userId: string): Promise<TOrgMembership[]> {
  return db
    .select({
      organizationId: organizations.id,
      name: organizations.name,
      personal: organizations.personal,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(desc(organizations.personal), asc(organizations.createdAt));
}

/** A user's membership in one organization, or null when they do not belong to it. */
export async function findMembership(db: DbOrTx, userId: string, organizationId: string): Promise<TOrgMembership | null> {
  const [row] = await db
    .select({
      organizationId: organizations.id,
      name: organizations.name,
      personal: organizations.personal,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, organizationId)))
    .limit(1);
  return row ?? null;
}

const RANK: Record<TMembershipRole, number> = { member: 0, admin: 1, owner: 2 };

/** True when `role` is at least `minimum` (owner > admin > member). */
export function hasRole(role: TMembershipRole, minimum: TMembershipRole): boolean {
  return RANK[role] >= RANK[minimum];
}
