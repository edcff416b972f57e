"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, userAction } from "@/lib/actions";
import { signOut } from "@/lib/auth";
import { deleteAccount } from "@/lib/account/account";
import { ORG_COOKIE } from "@/lib/orgs/current";

/** Deletes the signed-in person's account (and the workspaces only they own) once they typed the phrase; then signs out. */
export const deleteAccountAction = userAction(z.object({ confirm: z.string().max(320) }), async (input, user) => {
  const result = await deleteAccount(getDb(), user.id, input.confirm);
  if (!result.ok) {
    if (result.code === "confirmation_mismatch") fail("invalid_input", "Type it exactly as shown to confirm.", { confirm: "Type it exactly as shown to confirm." });
    fail("not_found", "Your account was not found.");
  }
  (await cookies()).delete(ORG_COOKIE);
  await signOut({ redirect: false });
  redirect("/sign-in?account=deleted");
});
