import { BotConnectError, ProviderError, type ConnectableAccount } from "@/lib/providers/types";
import { tokenHint } from "./catalog";
import { ZTelegramFailure, type TBotUser, type TChat, type TChatMember } from "./schema";

export function channelLabel(chat: Pick<TChat, "title" | "username" | "id">): string {
  return chat.username ? `@${chat.username}` : (chat.title ?? String(chat.id));
}

/** Why the bot may not post, or null when it is an administrator allowed to post. */
export function postingProblem(member: TChatMember, bot: TBotUser, chat: TChat): BotConnectError | null {
  const where = channelLabel(chat);
  const botName = bot.username ? `@${bot.username}` : bot.first_name;
  if (member.status === "creator") return null;
  if (member.status !== "administrator") {
    return new BotConnectError("not_admin", `${botName} is not an administrator of ${where}. In the channel, open Administrators → Add Admin, pick ${botName} and allow "Post Messages".`, "chatId");
  }
  if (member.can_post_messages === false) {
    return new BotConnectError("not_admin", `${botName} is an administrator of ${where} but may not post. In the channel's Administrators, edit ${botName} and turn on "Post Messages".`, "chatId");
  }
  return null;
}

/** Telegram's errors from getChat/getChatMember → the message a person can act on. */
export function chatError(status: number, description: string, chatId: string, bot: TBotUser): BotConnectError {
  const botName = bot.username ? `@${bot.username}` : bot.first_name;
  if (status === 401) return new BotConnectError("bad_token", "Telegram did not accept this bot token. Copy it again from @BotFather (/mybots → API Token).", "botToken");
  if (status === 403 || /not a member|kicked|administrator rights/i.test(description)) {
    return new BotConnectError("not_admin", `${botName} is not an administrator of ${chatId}. In the channel, open Administrators → Add Admin, pick ${botName} and allow "Post Messages".`, "chatId");
  }
  if (status === 400 && /chat not found/i.test(description)) {
    return new BotConnectError("unknown_chat", `Telegram cannot find the channel ${chatId}. Check the @name; for a private channel use its numeric id (it starts with -100) and add ${botName} to it first.`, "chatId");
  }
  if (status === 429 || status >= 500) return new BotConnectError("provider_unavailable", "Telegram is not answering right now. Try again in a minute.");
  return new BotConnectError("unknown_chat", `Telegram refused ${chatId}. Check the channel name or id.`, "chatId");
}

/** The channel as a connection. The bot token is the credential; the UI shows only its last 4 characters. */
export function toChannelAccount(chat: TChat, bot: TBotUser, botToken: string): ConnectableAccount {
  return {
    providerAccountId: String(chat.id),
    displayName: chat.title ?? channelLabel(chat),
    handle: chat.username ? `@${chat.username}` : null,
    avatarUrl: null,
    postTargetType: "channel",
    appType: "personal",
    accessToken: botToken,
    refreshToken: null,
    tokenExpiresAt: null,
    scopes: [],
    details: {
      subtitle: `via @${bot.username ?? bot.first_name} · token ••••${tokenHint(botToken)}`,
      botUsername: bot.username ?? "",
      botId: String(bot.id),
      tokenHint: tokenHint(botToken),
    },
  };
}

/** Bot API failures → ProviderError (401 bad token = auth; 403 not admin = permission; 429 with retry_after). */
export function parseTelegramError(status: number, body: unknown): ProviderError {
  const p = ZTelegramFailure.safeParse(body);
  const description = p.success ? (p.data.description ?? `Telegram answered ${status}`) : `Telegram answered ${status}`;
  const code = p.success ? (p.data.error_code ?? status) : status;
  const providerCode = String(code);
  if (code === 401) return new ProviderError("auth", description, { status, providerCode });
  if (code === 403) return new ProviderError("permission", description, { status, providerCode });
  if (code === 429) return new ProviderError("rate_limit", description, { status, providerCode, retryAfterSeconds: p.success ? p.data.parameters?.retry_after : undefined });
  if (code >= 500) return new ProviderError("transient", description, { status, providerCode });
  if (code >= 400) return new ProviderError("invalid_input", description, { status, providerCode });
  return new ProviderError("unknown", description, { status, providerCode });
}
