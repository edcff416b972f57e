"use server";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgAction } from "@/lib/actions";
import { disconnectConnection } from "@/lib/connections/disconnect";
import { beginRemoveApp } from "@/lib/connections/oauth-routes";
import { completePendingSelection, ZConnectSelectedInput } from "@/lib/connections/pending";
import { connectTelegram, ZConnectTelegramInput } from "@/lib/connections/telegram";
import { describeFailure, OAuthFailure } from "@/lib/oauth/failures";
import { setPostLimit, ZPostLimitInput } from "@/lib/publishing/ledger";
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

/** A connection's posts-per-24-hours cap (X's paid tiers allow more than the free 17); owner/admin. */
export const setPostLimitAction = orgAction("admin", ZPostLimitInput, async (input, ctx) => {
  const limit = await setPostLimit(getDb(), ctx.org.organizationId, input);
  if (limit === null) fail("not_found", "That connection no longer exists.");
  revalidatePath("/connections");
  revalidatePath("/compose");
  return { postsPer24h: limit };
});

/**
 * "Remove Switchboard from Facebook…" in the Disconnect dialog: a confirmed POST (never a link)
 * that starts the public_profile login whose callback removes the app (owner/admin).
 */
export const startRemoveAppAction = orgAction("admin", z.object({}), async (_input, ctx) => {
  await limitConnects(ctx.user.id);
  let location: string;
  try {
    const begun = await beginRemoveApp(getDb(), { userId: ctx.user.id, organizationId: ctx.org.organizationId, role: ctx.org.role }, "facebook");
    (await cookies()).set(begun.setCookie.name, begun.setCookie.value, begun.setCookie.options);
    location = begun.redirectUrl;
  } catch (err) {
    if (err instanceof OAuthFailure) fail(err.code === "not_configured" ? "not_configured" : "internal", describeFailure(err.code).message);
    throw err;
  }
  redirect(location);
});

/** Connects a Telegram channel through a bot (token + @channel or -100… id). Answers only the channel's name. */
export const connectTelegramAction = orgAction("admin", ZConnectTelegramInput, async (input, ctx) => {
  await limitConnects(ctx.user.id);
  let id: string;
  try {
    const row = await connectTelegram(getDb(), { ...input, organizationId: ctx.org.organizationId, userId: ctx.user.id });
    id = row.id;
  } catch (err) {
    if (err instanceof BotConnectError) fail("invalid_input", err.message, err.field ? { [err.field]: err.message } : undefined);
    throw err;
  }
  revalidatePath("/connections");
  // Like an OAuth connect, success lands on Connections with a toast; the page names the
  // connection by its id from this workspace's own list (never text from the URL).
  redirect(`/connections?connected=telegram&count=1&id=${id}`);
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
