"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { secureCookies } from "@/lib/env";
import { fail, userAction } from "@/lib/actions";
import { endCurrentSession } from "@/lib/auth/sign-out";
import { findMembership } from "@/lib/orgs/membership";
import { ORG_COOKIE } from "@/lib/orgs/current";

/** Ends this session on the server (not just the cookie), then returns to sign-in. */
export async function signOutAction(): Promise<void> {
  await endCurrentSession();
  redirect("/sign-in");
}

export const switchOrganizationAction = userAction(z.object({ organizationId: z.uuid() }), async (input, user) => {
  const membership = await findMembership(getDb(), user.id, input.organizationId);
  if (!membership) fail("not_found", "That organization does not exist or you are not a member.");
  (await cookies()).set(ORG_COOKIE, membership.organizationId, {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
  });
  return { name: membership.name };
});
