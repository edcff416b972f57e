"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgAction } from "@/lib/actions";
import { disconnectConnection } from "@/lib/connections/disconnect";
import { completePendingSelection, ZConnectSelectedInput } from "@/lib/connections/pending";
import { connectTelegram, ZConnectTelegramInput } from "@/lib/connections/telegram";
import { describeFailure, OAuthFailure } from "@/lib/oauth/failures";
import { BotConnectError } from "@/lib/providers/types";
import { rateLimit, rateLimitKey, retryAfterMessage } from "@/lib/rate-limit";

async function limitConnects(userId: string) {
  const r = await rateLimit(getDb(), { key: rateLimitKey.user("connect", userId), limit: 30, windowMs: 10 * 60_000 });
  if (!r.ok) fail("rate_limited", retryAfterMessage(r.retryAfterSeconds));
}

/** Disconnects one connection of the current organization (owner/admin). */
export const disconnectConnectionAction = orgAction("admin", z.object({ id: z.uuid("Unknown connection.") }), async (input, ctx) => {
  const ok = await disconnectConnection(getDb(), { organizationId: ctx.org.organizationId, id: input.id });
  if (!ok) fail("not_found", "That connection no longer exists.");
  revalidatePath("/connections");
  return { id: input.id };
});

/** Connects a Telegram channel through a bot (token + @channel or -100… id). Answers only the channel's name. */
export const connectTelegramAction = orgAction("admin", ZConnectTelegramInput, async (input, ctx) => {
  await limitConnects(ctx.user.id);
  let name: string;
  try {
    const row = await connectTelegram(getDb(), { ...input, organizationId: ctx.org.organizationId, userId: ctx.user.id });
    name = row.displayName;
  } catch (err) {
    if (err instanceof BotConnectError) fail("invalid_input", err.message, err.field ? { [err.field]: err.message } : undefined);
    throw err;
  }
  revalidatePath("/connections");
  // Like an OAuth connect, success lands on Connections with a toast (the channel's name only).
  redirect(`/connections?connected=telegram&count=1&name=${encodeURIComponent(name)}`);
});

/** Connects the accounts ticked on the picker, then goes back to Connections. */
export const connectSelectedAction = orgAction(
  "admin",
  ZConnectSelectedInput,
  async (input, ctx) => {
    if (input.choiceIds.length === 0) fail("invalid_input", "Tick at least one account to connect.");
    let platform: string;
    let count: number;
    try {
      const done = await completePendingSelection(getDb(), {
        id: input.id,
        userId: ctx.user.id,
        organizationId: ctx.org.organizationId,
        choiceIds: input.choiceIds,
      });
      platform = done.platform;
      count = done.connections.length;
    } catch (err) {
      if (err instanceof OAuthFailure) fail("not_found", describeFailure(err.code).message);
      throw err;
    }
    revalidatePath("/connections");
    redirect(`/connections?connected=${encodeURIComponent(platform)}&count=${count}`);
  },
);
