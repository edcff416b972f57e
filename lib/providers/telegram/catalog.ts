import type { ProviderCatalog } from "@/lib/providers/types";

/** Client-safe facts about Telegram channels (through a bot). */
export const telegramCatalog = {
  platform: "telegram",
  name: "Telegram",
  description: "Post to a Telegram channel through your bot",
  // sendMessage 4,096; a photo's caption 1,024; sendPhoto by URL takes up to 5 MB; albums (sendMediaGroup) 2–10.
  limits: {
    textMaxLength: 4096,
    captionMaxLength: 1024,
    maxImages: 10,
    image: { maxDimension: 2560, maxBytes: 5 * 1024 * 1024, formats: ["image/jpeg", "image/png"] },
  },
  ui: { connectDialog: "telegram_bot" },
  preview: { layout: "bubble", imagesShown: 1 },
} satisfies ProviderCatalog;

/** A bot token as @BotFather prints it: `<bot id>:<secret>`. */
export const BOT_TOKEN_PATTERN = /^\d{5,15}:[A-Za-z0-9_-]{30,60}$/;
/** A channel: `@name` (public) or its numeric id `-100…` (private). */
export const CHAT_ID_PATTERN = /^(@[A-Za-z][A-Za-z0-9_]{3,31}|-100\d{5,15})$/;

/** What the UI may show of a bot token: its last 4 characters. */
export function tokenHint(botToken: string): string {
  return botToken.slice(-4);
}
