import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import type { TMembershipRole } from "@/db/schema";
import { getCurrentUser } from "@/lib/auth/current";
import { listMemberships, type TOrgMembership } from "./membership";

export const ORG_COOKIE = "sb_org";

export interface TOrgContext {
  user: NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>;
  org: TOrgMembership;
  memberships: TOrgMembership[];
}

/**
 * The signed-in user and the organization they are working in: the one chosen in the switcher
 * (a cookie, re-checked against memberships on every request), else their personal one.
 */
export const getOrgContext = cache(async (): Promise<TOrgContext | null> => {
  const user = await getCurrentUser();
  if (!user) return null;
  const all = await listMemberships(getDb(), user.id);
  const chosen = (await cookies()).get(ORG_COOKIE)?.value;
  const org = all.find((m) => m.organizationId === chosen) ?? all[0];
  if (!org) return null;
  return { user, org, memberships: all };
});

/** For pages: the org context, sending people without a session to sign in. */
export async function requireOrgContext(): Promise<TOrgContext> {
  const ctx = await getOrgContext();
  if (!ctx) redirect("/sign-in");
  return ctx;
}

export type { TMembershipRole };
