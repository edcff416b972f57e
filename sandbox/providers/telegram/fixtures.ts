/**
 * Telegram scenarios as data: bots (by token) and the channels they are — or are not —
 * administrators of. Bots can only join channels as administrators, so "not admin" in a
 * channel means either "not a member" or "admin without the Post Messages right".
 */

export interface TelegramBot {
  id: number;
  token: string;
  first_name: string;
  username: string;
  scenario: string;
}

/** A bot's rights in a channel; absent = not a member. */
export type ChannelMembership =
  | { status: "administrator"; can_post_messages: boolean; can_edit_messages: boolean; can_delete_messages: boolean }
  | { status: "kicked" };

export interface TelegramChannel {
  id: number;
  title: string;
  /** Public channels have a username (`@name`); private ones are reachable only by numeric id. */
  username?: string;
  description?: string;
  /** The human who created the channel (returned by getChatMember for their id). */
  creator: { id: number; first_name: string; username?: string };
  /** Membership by bot id. */
  bots: Record<number, ChannelMembership>;
}

const admin = (can_post_messages: boolean): ChannelMembership => ({
  status: "administrator",
  can_post_messages,
  can_edit_messages: can_post_messages,
  can_delete_messages: true,
});

export const BOTS: TelegramBot[] = [
  {
    id: 7012345678,
    token: "7012345678:AAHk3pQz9xV2mLr8sT4uWn6yB1cD5eFgH7j",
    first_name: "Northwind Updates",
    username: "northwind_updates_bot",
    scenario: "Admin with Post Messages in @northwind_news and a private channel; admin without it in @northwind_archive; not a member of @harbor_daily; kicked from @old_northwind",
  },
  {
    id: 6198765432,
    token: "6198765432:AAEr7tYu2iOp4aSd6fGh8jKl0zXc3vBn5mQ",
    first_name: "Harbor Digest",
    username: "harbor_digest_bot",
    scenario: "Admin with Post Messages in @harbor_daily only",
  },
  {
    id: 5550001111,
    token: "5550001111:AAGm2nB4vC6xZ8lK0jH1gF3dS5aP7oI9uYt",
    first_name: "Revoked Bot",
    username: "revoked_example_bot",
    scenario: "Token revoked in @BotFather: every call answers 401 Unauthorized",
  },
];

/** Tokens that look valid but were revoked; calls with them answer 401 like unknown tokens. */
export const REVOKED_TOKENS = new Set(["5550001111:AAGm2nB4vC6xZ8lK0jH1gF3dS5aP7oI9uYt"]);

const NORTHWIND = 7012345678;
const HARBOR = 6198765432;
const priya = { id: 412200731, first_name: "Priya", username: "priya_northwind" };
const jonas = { id: 398114502, first_name: "Jonas", username: "jonas_harbor" };

export const CHANNELS: TelegramChannel[] = [
  {
    id: -1001987654321,
    title: "Northwind News",
    username: "northwind_news",
    description: "Product news from Northwind Coffee Roasters.",
    creator: priya,
    bots: { [NORTHWIND]: admin(true) },
  },
  {
    id: -1001987654322,
    title: "Northwind Archive",
    username: "northwind_archive",
    description: "Read-only archive. The bot may delete but not post.",
    creator: priya,
    bots: { [NORTHWIND]: admin(false) },
  },
  {
    id: -1001987654323,
    title: "Northwind Team (private)",
    description: "Internal announcements.",
    creator: priya,
    bots: { [NORTHWIND]: admin(true) },
  },
  {
    id: -1001555000111,
    title: "Harbor Daily",
    username: "harbor_daily",
    description: "Morning briefing from the harbor district.",
    creator: jonas,
    bots: { [HARBOR]: admin(true) },
  },
  {
    id: -1001555000222,
    title: "Old Northwind",
    username: "old_northwind",
    creator: priya,
    bots: { [NORTHWIND]: { status: "kicked" } },
  },
];

/** Find a channel by `@username` or numeric id, as `chat_id` accepts both. */
export function findChannel(chatId: string): TelegramChannel | undefined {
  if (chatId.startsWith("@")) {
    const name = chatId.slice(1).toLowerCase();
    return CHANNELS.find((c) => c.username?.toLowerCase() === name);
  }
  return CHANNELS.find((c) => String(c.id) === chatId);
}

export function findBot(token: string): TelegramBot | undefined {
  if (REVOKED_TOKENS.has(token)) return undefined;
  return BOTS.find((b) => b.token === token);
}
