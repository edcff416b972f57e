import "server-only";
import { telegramPublishing } from "./publish";
import { HttpError } from "@/lib/http";
import { BotConnectError, type BotProvider } from "@/lib/providers/types";
import { getChat, getChatMember, getMe } from "./api";
import { BOT_TOKEN_PATTERN, CHAT_ID_PATTERN, telegramCatalog } from "./catalog";
import { chatError, parseTelegramError, postingProblem, toChannelAccount } from "./transform";

const BAD_TOKEN = "Telegram did not accept this bot token. Copy it again from @BotFather (/mybots → API Token).";

export const telegramProvider: BotProvider = {
  kind: "bot",
  catalog: telegramCatalog,
  /** getMe (token), getChat (channel), getChatMember (the bot must be an administrator that may post). */
  async connect({ botToken, chatId }) {
    const token = botToken.trim();
    const chat = chatId.trim();
    if (!BOT_TOKEN_PATTERN.test(token)) throw new BotConnectError("invalid_input", "A bot token looks like 123456789:AA… — copy it from @BotFather.", "botToken");
    if (!CHAT_ID_PATTERN.test(chat)) throw new BotConnectError("invalid_input", "Enter the channel as @name, or a private channel's id starting with -100.", "chatId");
    try {
      const me = await getMe(token);
      if (!me.ok) throw me.status === 401 || me.errorCode === 401 ? new BotConnectError("bad_token", BAD_TOKEN, "botToken") : chatError(me.status, me.description, chat, { id: 0, is_bot: true, first_name: "the bot" });
      const bot = me.result;
      const info = await getChat(token, chat);
      if (!info.ok) throw chatError(info.errorCode, info.description, chat, bot);
      if (info.result.type !== "channel") throw new BotConnectError("unknown_chat", `${chat} is not a channel. Switchboard posts to channels; enter a channel's @name or -100… id.`, "chatId");
      const member = await getChatMember(token, info.result.id, bot.id);
      if (!member.ok) throw chatError(member.errorCode, member.description, chat, bot);
      const problem = postingProblem(member.result, bot, info.result);
      if (problem) throw problem;
      return toChannelAccount(info.result, bot, token);
    } catch (err) {
      if (err instanceof HttpError) throw new BotConnectError("provider_unavailable", "Telegram is not answering right now. Try again in a minute.");
      throw err;
    }
  },
  parseError: parseTelegramError,
  publishing: telegramPublishing,
};
