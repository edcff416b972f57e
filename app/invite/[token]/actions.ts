"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, userAction } from "@/lib/actions";
import { secureCookies } from "@/lib/env";
import { ORG_COOKIE } from "@/lib/orgs/current";
import { acceptInvitation } from "@/lib/orgs/invitations";

export const acceptInviteAction = userAction(z.object({ token: z.string().min(20).max(100) }), async (input, user) => {
  const result = await acceptInvitation(getDb(), input.token, user.id);
  if (!result.ok) fail("not_found", "This invitation was already used or has expired. Ask for a new link.");
  (await cookies()).set(ORG_COOKIE, result.organizationId, {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
  });
  redirect("/connections");
});
