"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgAction, userAction } from "@/lib/actions";
import { markAllRead, markRead, NOTIFICATION_KIND_NAMES, saveEmailSettings } from "@/lib/notifications";

/** Marks one of the signed-in person's notifications in this workspace read (another's id: not found). */
export const markNotificationReadAction = orgAction("member", z.object({ id: z.uuid() }), async (input, ctx) => {
  if (!(await markRead(getDb(), ctx.user.id, ctx.org.organizationId, input.id))) fail("not_found", "That notification was not found.");
  revalidatePath("/", "layout");
});

export const markAllNotificationsReadAction = orgAction("member", z.object({}), async (_input, ctx) => {
  const marked = await markAllRead(getDb(), ctx.user.id, ctx.org.organizationId);
  revalidatePath("/", "layout");
  return { marked };
});

const ZKinds = z
  .union([z.enum(NOTIFICATION_KIND_NAMES), z.array(z.enum(NOTIFICATION_KIND_NAMES))])
  .optional()
  .transform((v) => new Set(v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** Saves which kinds also go by email for the signed-in person (the form sends the ticked ones). */
export const saveNotificationSettingsAction = userAction(z.object({ email: ZKinds }), async (input, user) => {
  await saveEmailSettings(getDb(), user.id, input.email);
  revalidatePath("/notifications/settings");
  return { saved: input.email.size };
});
