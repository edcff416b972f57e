import { expect, linkMetaPageByRequest, test, type APIRequestContext, type Page, signUp } from "./support/test";
import { untilUnread } from "./support/app";
import { APP_URL, SANDBOX_URL } from "./support/urls";

// The Inbox (issue 13): Messenger and Instagram DMs arrive by signed webhook and show up live;
// replies go out through the sandbox's Send API and reach delivered and read.

const PAGE_ID = "104857392016482";
const IG_ID = "17841400000000101";

/**
 * Links Maya's Page through its real flow by request (the button and dialog: meta-messaging.spec.ts)
 * and waits until the import of its recent conversations is done, as the Inbox reports it: a DM sent
 * while that import runs could be imported as history (read, no notification) rather than arrive.
 */
async function linkMayasPage(page: Page) {
  expect(await linkMetaPageByRequest(page, "Maya Chen")).toMatch(/\/settings\/tab\/integrations$/);
  await untilImported(page);
}

/** Waits until the Inbox reports the import of the linked account's recent conversations done. */
async function untilImported(page: Page) {
  await expect
    .poll(async () => ((await (await page.request.get("/api/inbox/conversations")).json()) as { backfill: { status: string } | null }).backfill?.status, { timeout: 30_000 })
    .toBe("done");
}

async function sandbox(request: APIRequestContext, path: string, body: Record<string, unknown>) {
  const res = await request.post(`${SANDBOX_URL}/__sandbox${path}`, { data: body });
  expect(res.ok()).toBe(true);
  return (await res.json()) as Record<string, unknown>;
}

async function sentDms(request: APIRequestContext) {
  return ((await (await request.get(`${SANDBOX_URL}/__sandbox/messages`)).json()) as { data: Array<{ platform: string; to: string; text: string }> }).data;
}

test.beforeEach(async ({ request }) => {
  // Meta verifies the webhook URL while we subscribe; make sure the route answers first.
  expect((await request.get(`${APP_URL}/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status()).toBe(403);
});

test("Messenger and Instagram DMs appear in the open Inbox without a reload, replies reach delivered and read, and an old conversation's reply box says why it is closed", async ({ page, request }) => {
  // History from before the link: a conversation whose person last wrote 10 days ago.
  const old = (await sandbox(request, "/conversations", { object: "page", pageId: PAGE_ID, count: 1, messagesEach: 1, startMinutesAgo: 10 * 24 * 60 })) as { conversations: Array<{ customerId: string }> };
  await signUp(page, "Inbox Owner", { open: false });
  await linkMayasPage(page);

  await page.goto("/inbox");
  await expect(page.getByTestId("live-mode")).toHaveText("Live");
  await expect(page.getByTestId("backfill-progress")).toContainText("Imported 1 recent conversation");
  const conversations = page.getByRole("list", { name: "Conversations" });

  // Two DMs arrive while the Inbox is open.
  const messenger = await sandbox(request, "/webhooks/meta", { object: "page", pageId: PAGE_ID, senderId: "6100000000007001", text: "Do you have rye today?" });
  expect(messenger).toMatchObject({ delivered: true, status: 200 });
  const instagram = await sandbox(request, "/webhooks/meta", { object: "instagram", igId: IG_ID, senderId: "5300000000007001", text: "Do you ship to Porto?" });
  expect(instagram).toMatchObject({ delivered: true, status: 200 });
  const fbRow = conversations.getByTestId("conversation").filter({ hasText: "Do you have rye today?" });
  const igRow = conversations.getByTestId("conversation").filter({ hasText: "Do you ship to Porto?" });
  await expect(fbRow).toBeVisible();
  await expect(igRow).toBeVisible();
  await expect(fbRow.getByTestId("unread")).toHaveText("1");
  await expect(igRow.getByRole("img", { name: "Instagram" })).toBeVisible();

  // Reply on Messenger: sent, then delivered and read from Meta's receipts.
  await fbRow.click();
  await expect(page.getByRole("list", { name: "Messages" }).getByText("Do you have rye today?")).toBeVisible();
  await expect(fbRow.getByTestId("unread")).toHaveCount(0);
  await page.getByLabel("Reply").fill("Yes, until 2pm!");
  await page.getByRole("button", { name: "Send" }).click();
  const fbStatus = page.getByTestId("message").filter({ hasText: "Yes, until 2pm!" }).getByTestId("message-status");
  await expect(fbStatus).toHaveAttribute("data-status", "sent");
  expect(await sentDms(request)).toContainEqual(expect.objectContaining({ platform: "messenger", to: "6100000000007001", text: "Yes, until 2pm!" }));
  await sandbox(request, "/webhooks/meta", { object: "page", pageId: PAGE_ID, senderId: "6100000000007001", event: "delivery" });
  await expect(fbStatus).toHaveAttribute("data-status", "delivered");
  await sandbox(request, "/webhooks/meta", { object: "page", pageId: PAGE_ID, senderId: "6100000000007001", event: "read" });
  await expect(fbStatus).toHaveAttribute("data-status", "read");
  await expect(fbStatus).toHaveText(/Read/);

  // Reply on Instagram (through the Page): sent, then read (Instagram's messaging_seen).
  await igRow.click();
  await page.getByLabel("Reply").fill("We do, 3 to 5 days.");
  await page.getByRole("button", { name: "Send" }).click();
  const igStatus = page.getByTestId("message").filter({ hasText: "We do, 3 to 5 days." }).getByTestId("message-status");
  await expect(igStatus).toHaveAttribute("data-status", "sent");
  expect(await sentDms(request)).toContainEqual(expect.objectContaining({ platform: "instagram", to: "5300000000007001", text: "We do, 3 to 5 days." }));
  await sandbox(request, "/webhooks/meta", { object: "instagram", igId: IG_ID, senderId: "5300000000007001", event: "read" });
  await expect(igStatus).toHaveAttribute("data-status", "read");

  // The conversation from 10 days ago: the reply box is closed and says why.
  const oldRow = conversations.getByTestId("conversation").filter({ hasText: "Question 1 in conversation 1" });
  await oldRow.click();
  await expect(page.getByTestId("window-closed")).toContainText("7 days");
  await expect(page.getByLabel("Reply")).toHaveCount(0);
  expect((await sentDms(request)).filter((m) => m.to === old.conversations[0]!.customerId)).toEqual([]);
});

test("an Instagram Login account's DMs reach the Inbox: history from before the link, a new DM live, a reply through graph.instagram.com that reaches read", async ({ page, request }) => {
  const PORTO = "17841450000000044";
  const person = "5400000000007001";
  // Someone wrote before the account was linked: Meta keeps the conversation but sends no webhook (no subscription yet).
  const early = await sandbox(request, "/webhooks/meta", { object: "instagram", igId: PORTO, senderId: person, text: "Do you roast decaf?" });
  expect(early).toMatchObject({ delivered: false });

  await signUp(page, "Porto Owner", { open: false });
  await page.goto("/settings/tab/general");
  await page.getByRole("link", { name: "Link Instagram" }).click();
  await page.getByText("@porto.roasters", { exact: true }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page).toHaveURL(/\/settings\/tab\/general\?instagram=linked(#_)?$/);

  await page.goto("/inbox");
  await expect(page.getByTestId("live-mode")).toHaveText("Live");
  const conversations = page.getByRole("list", { name: "Conversations" });
  const row = conversations.getByTestId("conversation").filter({ hasText: "Do you roast decaf?" });
  await expect(row).toBeVisible();
  await untilImported(page);

  // Linking subscribed the account: the next DM is delivered (signed with the Instagram app secret) and shows up live.
  const dm = await sandbox(request, "/webhooks/meta", { object: "instagram", igId: PORTO, senderId: person, text: "And oat milk?" });
  expect(dm).toMatchObject({ delivered: true, status: 200 });
  const live = conversations.getByTestId("conversation").filter({ hasText: "And oat milk?" });
  await expect(live).toBeVisible();
  await expect(live.getByRole("img", { name: "Instagram" })).toBeVisible();

  await live.click();
  await page.getByLabel("Reply").fill("Both, every day.");
  await page.getByRole("button", { name: "Send" }).click();
  const status = page.getByTestId("message").filter({ hasText: "Both, every day." }).getByTestId("message-status");
  await expect(status).toHaveAttribute("data-status", "sent");
  expect(await sentDms(request)).toContainEqual(expect.objectContaining({ platform: "instagram", to: person, text: "Both, every day." }));
  await sandbox(request, "/webhooks/meta", { object: "instagram", igId: PORTO, senderId: person, event: "read" });
  await expect(status).toHaveAttribute("data-status", "read");
});

test("a voice message and a file sent on Messenger appear in the open thread: an audio player, and a file chip with name and size that downloads", async ({ page, request }) => {
  await signUp(page, "Attachment Reader", { open: false });
  await linkMayasPage(page);
  const person = "6100000000007101";
  expect(await sandbox(request, "/webhooks/meta", { object: "page", pageId: PAGE_ID, senderId: person, text: "Two things for you" })).toMatchObject({ delivered: true });

  await page.goto("/inbox");
  await expect(page.getByTestId("live-mode")).toHaveText("Live");
  await page.getByRole("list", { name: "Conversations" }).getByTestId("conversation").filter({ hasText: "Two things for you" }).click();
  const thread = page.getByRole("list", { name: "Messages" });
  await expect(thread.getByText("Two things for you")).toBeVisible();

  // Both arrive while the thread is open; each is downloaded from Meta's CDN and served by the app.
  expect(await sandbox(request, "/webhooks/meta", { object: "page", pageId: PAGE_ID, senderId: person, text: "", attachmentType: "audio" })).toMatchObject({ delivered: true });
  expect(await sandbox(request, "/webhooks/meta", { object: "page", pageId: PAGE_ID, senderId: person, text: "", attachmentType: "file", attachmentName: "Order 1042.pdf" })).toMatchObject({ delivered: true });
  const audio = thread.getByLabel("Audio message");
  await expect(audio).toBeVisible();
  await expect(audio).toHaveAttribute("src", /^\/api\/inbox\/attachments\/[0-9a-f-]{36}\/0$/);
  const chip = thread.getByTestId("attachment").filter({ hasText: "Order 1042.pdf" });
  await expect(chip).toContainText(/\d+ bytes/);
  const download = page.waitForEvent("download");
  await chip.click();
  expect((await download).suggestedFilename()).toBe("Order 1042.pdf");
});

test("a new DM rings the bell, and its notification opens that conversation in the Inbox", async ({ page, request }) => {
  await signUp(page, "Bell Reader", { open: false });
  await linkMayasPage(page);
  // Two people write; the notification must open the right conversation, not just the Inbox.
  expect(await sandbox(request, "/webhooks/meta", { object: "page", pageId: PAGE_ID, senderId: "6100000000007202", text: "Someone else entirely" })).toMatchObject({ delivered: true });
  expect(await sandbox(request, "/webhooks/meta", { object: "page", pageId: PAGE_ID, senderId: "6100000000007201", text: "Is the shop open on Sunday?" })).toMatchObject({ delivered: true });
  await untilUnread(page, "/connections", 2);
  await page.goto("/connections");
  await expect(page.getByTestId("notification-count")).toHaveText("2");

  await page.getByTestId("notification-bell").click();
  await expect(page).toHaveURL(/\/notifications$/);
  const item = page.getByTestId("notification").filter({ hasText: "Is the shop open on Sunday?" });
  await expect(item).toContainText(/wrote on Messenger/);
  await item.getByRole("link", { name: "Open the Inbox" }).click();

  await expect(page).toHaveURL(/\/inbox\?conversation=[0-9a-f-]{36}$/);
  const thread = page.getByRole("list", { name: "Messages" });
  await expect(thread.getByText("Is the shop open on Sunday?")).toBeVisible();
  await expect(thread.getByText("Someone else entirely")).toHaveCount(0);
  // Opening it read the notification (and the conversation): one left on the bell.
  await expect(page.getByTestId("notification-count")).toHaveText("1");
});
