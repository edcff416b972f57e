import "server-only";
import { telegramPublishing } from "./publish";
import { BotConnectError, ProviderError, type BotProvider } from "@/lib/providers/types";
import { getChat, getChatMember, getMe } from "./api";
import { BOT_TOKEN_PATTERN, CHAT_ID_PATTERN, telegramCatalog } from "./catalog";
import { chatError, parseTelegramError, postingProblem, toChannelAccount } from "./transform";
import type { TBotUser } from "./schema";

export const telegramProvider: BotProvider = {
  kind: "bot",
  catalog: telegramCatalog,
  /** getMe (token), getChat (channel), getChatMember (the bot must be an administrator that may post). */
  async connect({ botToken, chatId }) {
    const token = botToken.trim();
    const chat = chatId.trim();
    if (!BOT_TOKEN_PATTERN.test(token)) throw new BotConnectError("invalid_input", "A bot token looks like 123456789:AA… — copy it from @BotFather.", "botToken");
    if (!CHAT_ID_PATTERN.test(chat)) throw new BotConnectError("invalid_input", "Enter the channel as @name, or a private channel's id starting with -100.", "chatId");
    // Until getMe answers, the messages name "the bot".
    let bot: TBotUser = { id: 0, is_bot: true, first_name: "the bot" };
    try {
      bot = await getMe(token);
      const chatInfo = await getChat(token, chat);
      if (chatInfo.type !== "channel") throw new BotConnectError("unknown_chat", `${chat} is not a channel. Switchboard posts to channels; enter a channel's @name or -100… id.`, "chatId");
      const member = await getChatMember(token, chatInfo.id, bot.id);
      const problem = postingProblem(member, bot, chatInfo);
      if (problem) throw problem;
      return toChannelAccount(chatInfo, bot, token);
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      if (err.noAnswer) throw new BotConnectError("provider_unavailable", "Telegram is not answering right now. Try again in a minute.");
      // Telegram's own error code (401 bad token, 403 not admin, 400 chat not found…) and description.
      throw chatError(Number(err.providerCode ?? err.status), err.message, chat, bot);
    }
  },
  parseError: parseTelegramError,
  publishing: telegramPublishing,
};
