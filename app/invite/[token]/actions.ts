"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, userAction } from "@/lib/actions";
import { endCurrentSession } from "@/lib/auth/sign-out";
import { secureCookies } from "@/lib/env";
import { ORG_COOKIE } from "@/lib/orgs/current";
import { acceptInvitation } from "@/lib/orgs/invitations";

const ZToken = z.object({ token: z.string().min(20).max(100) });

export const acceptInviteAction = userAction(ZToken, async (input, user) => {
  const result = await acceptInvitation(getDb(), input.token, user);
  if (!result.ok && result.code === "wrong_account") {
    fail("forbidden", `This invitation was sent to ${result.maskedEmail}. Sign in with that address to accept it.`);
  }
  if (!result.ok) fail("not_found", "This invitation was already used or has expired. Ask for a new link.");
  (await cookies()).set(ORG_COOKIE, result.organizationId, {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
  });
  redirect("/connections");
});

/** "Sign in with it": ends this session and opens sign-in, coming back to the invitation. */
export async function signInAsInvitedAction(formData: FormData): Promise<void> {
  const input = ZToken.safeParse({ token: formData.get("token") });
  await endCurrentSession();
  redirect(input.success ? `/sign-in?returnTo=${encodeURIComponent(`/invite/${input.data.token}`)}` : "/sign-in");
}
