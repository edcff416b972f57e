import "server-only";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import type { TSocialConnection } from "@/db/schema";
import { providers } from "@/lib/providers";
import { upsertConnections } from "./store";

export const ZConnectTelegramInput = z.object({
  botToken: z.string().trim().min(1, "Paste your bot's token from @BotFather.").max(200, "That token is too long."),
  chatId: z.string().trim().min(1, "Enter the channel, like @mychannel or -1001234567890.").max(100, "That channel name is too long."),
});
export type TConnectTelegramInput = z.infer<typeof ZConnectTelegramInput>;

/**
 * Connects a Telegram channel: the provider checks the token (getMe), the channel (getChat) and
 * that the bot is an administrator allowed to post (getChatMember); then the channel is saved with
 * the bot token encrypted. Throws BotConnectError with a message for the person.
 */
export async function connectTelegram(
  db: DbOrTx,
  input: TConnectTelegramInput & { organizationId: string; userId: string },
): Promise<TSocialConnection> {
  const account = await providers.telegram.connect({ botToken: input.botToken, chatId: input.chatId });
  const [row] = await upsertConnections(db, { organizationId: input.organizationId, userId: input.userId, platform: "telegram", accounts: [account] });
  return row!;
}
