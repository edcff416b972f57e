import { expect, test, type Page, signUp } from "./support/test";

// Telegram has no OAuth: a bot token and a channel, checked with getMe / getChat / getChatMember (issue 4).

const BOT_TOKEN = "7012345678:AAHk3pQz9xV2mLr8sT4uWn6yB1cD5eFgH7j";

async function openTelegram(page: Page) {
  await page.getByRole("button", { name: /Connect/ }).first().click();
  await page.getByRole("menuitem", { name: /Telegram channel/ }).click();
  await expect(page.getByRole("dialog", { name: "Connect a Telegram channel" })).toBeVisible();
}

test("a failed check keeps what was typed and marks the field that is wrong (issue 10 #13)", async ({ page }) => {
  await signUp(page, "Tomas Telegram");
  await openTelegram(page);
  const dialog = page.getByRole("dialog");
  const token = dialog.getByLabel("Bot token");
  const channel = dialog.getByLabel("Channel");

  // Telegram cannot find the channel: both fields keep their text, the channel is marked and focused.
  await token.fill(BOT_TOKEN);
  await channel.fill("@no_such_channel_here");
  await dialog.getByRole("button", { name: "Connect channel" }).click();
  await expect(dialog.getByText(/cannot find the channel @no_such_channel_here/)).toBeVisible();
  await expect(token).toHaveValue(BOT_TOKEN);
  await expect(channel).toHaveValue("@no_such_channel_here");
  await expect(channel).toHaveAttribute("aria-invalid", "true");
  await expect(token).not.toHaveAttribute("aria-invalid", "true");
  await expect(channel).toBeFocused();

  // A revoked token: the token is marked this time, and the channel keeps its text.
  await token.fill("5550001111:AAGm2nB4vC6xZ8lK0jH1gF3dS5aP7oI9uYt");
  await channel.fill("@northwind_news");
  await dialog.getByRole("button", { name: "Connect channel" }).click();
  await expect(dialog.getByText(/did not accept this bot token/)).toBeVisible();
  await expect(token).toHaveAttribute("aria-invalid", "true");
  await expect(channel).not.toHaveAttribute("aria-invalid", "true");
  await expect(channel).toHaveValue("@northwind_news");
  await expect(token).toBeFocused();

  // Fixing only the wrong field is enough.
  await token.fill(BOT_TOKEN);
  await dialog.getByRole("button", { name: "Connect channel" }).click();
  await expect(page.getByText("Connected Northwind News on Telegram")).toBeVisible();
});

test("a bot that is not an administrator of the channel is refused with what to do; a bot that may post connects", async ({ page }) => {
  await signUp(page, "Tanya Telegram");
  await openTelegram(page);
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Bot token").fill(BOT_TOKEN);
  await dialog.getByLabel("Channel").fill("@harbor_daily");
  await dialog.getByRole("button", { name: "Connect channel" }).click();
  await expect(dialog.getByText(/is not an administrator of @harbor_daily/)).toBeVisible();
  await expect(dialog.getByText(/Post Messages/)).toBeVisible();

  await dialog.getByLabel("Bot token").fill(BOT_TOKEN);
  await dialog.getByLabel("Channel").fill("@northwind_archive");
  await dialog.getByRole("button", { name: "Connect channel" }).click();
  await expect(dialog.getByText(/may not post/)).toBeVisible();

  await dialog.getByLabel("Bot token").fill("5550001111:AAGm2nB4vC6xZ8lK0jH1gF3dS5aP7oI9uYt");
  await dialog.getByLabel("Channel").fill("@northwind_news");
  await dialog.getByRole("button", { name: "Connect channel" }).click();
  await expect(dialog.getByText(/did not accept this bot token/)).toBeVisible();

  await dialog.getByLabel("Bot token").fill(BOT_TOKEN);
  await dialog.getByLabel("Channel").fill("@no_such_channel_here");
  await dialog.getByRole("button", { name: "Connect channel" }).click();
  await expect(dialog.getByText(/cannot find the channel @no_such_channel_here/)).toBeVisible();

  await dialog.getByLabel("Bot token").fill(BOT_TOKEN);
  await dialog.getByLabel("Channel").fill("@northwind_news");
  await dialog.getByRole("button", { name: "Connect channel" }).click();
  await expect(page.getByText("Connected Northwind News on Telegram")).toBeVisible();
  const card = page.getByTestId("connection-card").filter({ hasText: "Northwind News" });
  await expect(card).toBeVisible();
  // Only the token's last 4 characters are ever shown.
  await expect(card.getByText(/••••gH7j/)).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain(BOT_TOKEN);
  expect(html).not.toContain("AAHk3pQz9xV2mLr8sT4uWn6yB1cD5eF");
});
