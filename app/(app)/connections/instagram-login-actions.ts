"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgAction } from "@/lib/actions";
import { refreshInstagramConnectionNow } from "@/lib/connections/instagram-login-refresh";
import { resubscribeInstagramLogin } from "@/lib/inbox/instagram-login";

/** "Refresh now" on an Instagram (Instagram Login) card: another 60 days, once the token is a day old. */
export const refreshInstagramLoginAction = orgAction("member", z.object({ connectionId: z.uuid() }), async (input, ctx) => {
  const result = await refreshInstagramConnectionNow(getDb(), { organizationId: ctx.org.organizationId, connectionId: input.connectionId });
  if (!result) fail("not_found", "That connection does not exist in this workspace.");
  revalidatePath("/connections");
  return result;
});

/** "Resubscribe" on an Instagram Login card whose Inbox webhook subscription is gone (owners and admins). */
export const resubscribeInstagramLoginAction = orgAction("admin", z.object({ connectionId: z.uuid() }), async (input, ctx) => {
  const result = await resubscribeInstagramLogin(getDb(), ctx.org.organizationId, input.connectionId);
  if (!result) fail("not_found", "That connection does not exist in this workspace.");
  revalidatePath("/connections");
  return result;
});
