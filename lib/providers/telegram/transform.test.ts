import { describe, expect, it } from "vitest";
import { BOT_TOKEN_PATTERN, CHAT_ID_PATTERN, tokenHint } from "./catalog";
import { chatError, parseTelegramError, postingProblem, toChannelAccount } from "./transform";

const bot = { id: 7012345678, is_bot: true, first_name: "Northwind Updates", username: "northwind_updates_bot" };
const chat = { id: -1001987654321, type: "channel", title: "Northwind News", username: "northwind_news" };
const token = "7012345678:AAHk3pQz9xV2mLr8sT4uWn6yB1cD5eFgH7j";

describe("Telegram mapping", () => {
  it("accepts @name and -100… channels and BotFather tokens, and shows only a token's last 4 characters", () => {
    expect(CHAT_ID_PATTERN.test("@northwind_news")).toBe(true);
    expect(CHAT_ID_PATTERN.test("-1001987654323")).toBe(true);
    expect(CHAT_ID_PATTERN.test("northwind")).toBe(false);
    expect(BOT_TOKEN_PATTERN.test(token)).toBe(true);
    expect(tokenHint(token)).toBe("gH7j");
  });

  it("a channel becomes a connection whose visible details never contain the token", () => {
    const a = toChannelAccount(chat, bot, token);
    expect(a).toMatchObject({ providerAccountId: "-1001987654321", displayName: "Northwind News", handle: "@northwind_news", postTargetType: "channel" });
    expect(JSON.stringify(a.details)).not.toContain(token.slice(0, 20));
    expect(a.details?.subtitle).toContain("••••gH7j");
  });

  it("an admin without Post Messages, a non-member and an unknown chat each say what to do", () => {
    expect(postingProblem({ status: "administrator", can_post_messages: true }, bot, chat)).toBeNull();
    expect(postingProblem({ status: "administrator", can_post_messages: false }, bot, chat)?.message).toMatch(/may not post.*Post Messages/);
    expect(postingProblem({ status: "left" }, bot, chat)?.code).toBe("not_admin");
    expect(chatError(403, "Forbidden: bot is not a member of the channel chat", "@harbor_daily", bot).code).toBe("not_admin");
    expect(chatError(400, "Bad Request: chat not found", "@nope", bot).code).toBe("unknown_chat");
    expect(chatError(401, "Unauthorized", "@x", bot).code).toBe("bad_token");
  });

  it("Bot API failures map to the common kinds", () => {
    expect(parseTelegramError(401, { ok: false, error_code: 401, description: "Unauthorized" }).kind).toBe("auth");
    expect(parseTelegramError(429, { ok: false, error_code: 429, description: "Too Many", parameters: { retry_after: 7 } })).toMatchObject({ kind: "rate_limit", retryAfterSeconds: 7 });
  });
});
