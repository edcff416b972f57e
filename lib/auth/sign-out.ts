import "server-only";
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { ORG_COOKIE } from "@/lib/orgs/current";
import { signOut } from "./index";
import { currentSessionId } from "./current";
import { deleteAuthSession } from "./sessions";

/** Ends this browser's session on the server (not just the cookie) and clears its cookies. */
export async function endCurrentSession(): Promise<void> {
  const sid = await currentSessionId();
  if (sid) await deleteAuthSession(getDb(), sid);
  (await cookies()).delete(ORG_COOKIE);
  await signOut({ redirect: false });
}
