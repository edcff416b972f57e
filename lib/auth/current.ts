import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { auth } from "./index";
import { findSessionUser } from "./sessions";

/** The session id in the signed cookie, if any. */
export const currentSessionId = cache(async (): Promise<string | null> => {
  const session = (await auth()) as { sid?: string } | null;
  return session?.sid ?? null;
});

/** The signed-in user, or null (also when the session was ended by signing out elsewhere). */
export const getCurrentUser = cache(async () => {
  const sid = await currentSessionId();
  return sid ? findSessionUser(getDb(), sid) : null;
});

/** The signed-in user; sends everyone else to sign in. */
export async function requireUser() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}
