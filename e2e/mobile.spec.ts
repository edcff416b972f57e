import { connectByRequest, expect, linkMetaPageByRequest, test, type APIRequestContext, type Locator, type Page, signUp } from "./support/test";
import { APP_URL, SANDBOX_URL } from "./support/urls";

// The signed-in app on a phone (390×844, below the `md` breakpoint): the sidebar is a top bar
// whose menu button opens the navigation in a sheet, no page scrolls sideways, and the Inbox
// shows one pane at a time. On a desktop the sidebar stays as it was.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const PAGE_ID = "104857392016482";

const PAGES = [
  { path: "/connections", title: "Connections" },
  { path: "/compose", title: "Compose" },
  { path: "/posts", title: "Posts" },
  { path: "/inbox", title: "Inbox" },
  { path: "/clients", title: "Clients" },
  { path: "/notifications", title: "Notifications" },
  { path: "/settings/tab/general", title: "Settings" },
  { path: "/settings/tab/members", title: "Settings" },
  { path: "/settings/tab/integrations", title: "Settings" },
  { path: "/settings/tab/api-keys", title: "Settings" },
];

/** How far the page scrolls sideways (0 when everything fits the viewport). */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
}

async function expectTapTarget(target: Locator) {
  const box = await target.boundingBox();
  expect(box, "visible").not.toBeNull();
  expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(40);
}

async function sandbox(request: APIRequestContext, path: string, body: Record<string, unknown>) {
  const res = await request.post(`${SANDBOX_URL}/__sandbox${path}`, { data: body });
  expect(res.ok()).toBe(true);
}

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });
  // Each test here walks through many pages; a busy machine needs more than the default minute.
  test.slow();

  test("no main page scrolls sideways, and the top bar holds the product name, the bell and the menu button", async ({ page }) => {
    await signUp(page, "Phoebe Phone", { open: false });
    // A connected account, so Connections and Compose show their full forms rather than empty states.
    expect(await connectByRequest(page, "/api/social/x/connect", "Ada Okafor")).toMatch(/\/connections\?connected=/);

    for (const { path, title } of PAGES) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      if (path === "/connections") await expect(page.getByTestId("connection-card")).toHaveCount(1);
      expect(await sidewaysOverflow(page), path).toBeLessThanOrEqual(0);
    }

    // The sidebar's navigation is not shown; the top bar is, with tap targets of at least 40 px.
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Switchboard" })).toBeVisible();
    await expectTapTarget(page.getByRole("button", { name: "Open menu" }));
    await expectTapTarget(page.getByTestId("notification-bell"));
  });

  test("the menu opens with the current page marked, keeps focus inside, navigates and closes; Escape closes it", async ({ page }) => {
    await signUp(page, "Menu Mo");
    const openMenu = page.getByRole("button", { name: "Open menu" });
    const menu = page.getByRole("dialog", { name: "Switchboard menu" });

    await openMenu.click();
    await expect(menu).toBeVisible();
    const nav = menu.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Connections" })).toHaveAttribute("aria-current", "page");
    await expect(nav.locator("[aria-current=page]")).toHaveCount(1);
    for (const link of await nav.getByRole("link").all()) await expectTapTarget(link);
    await expectTapTarget(menu.getByRole("button", { name: "Close menu" }));

    // Focus is trapped: tabbing through more stops than the sheet has never leaves it.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      expect(await menu.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }

    // Following a link navigates and closes the sheet.
    await nav.getByRole("link", { name: "Posts" }).click();
    await expect(page).toHaveURL(/\/posts$/);
    await expect(page.getByRole("heading", { level: 1, name: "Posts" })).toBeVisible();
    await expect(menu).toHaveCount(0);

    // The current page moved with it; a tap on the page already open closes the sheet too.
    await openMenu.click();
    await expect(menu.getByRole("link", { name: "Posts" })).toHaveAttribute("aria-current", "page");
    await expect(menu.getByRole("link", { name: "Connections" })).not.toHaveAttribute("aria-current", /.*/);
    await menu.getByRole("link", { name: "Posts" }).click();
    await expect(menu).toHaveCount(0);

    // Escape closes it and gives focus back to the menu button.
    await openMenu.click();
    await expect(menu).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(menu).toHaveCount(0);
    await expect(openMenu).toBeFocused();

    // So does the close button; the organization and account menus are inside the sheet too.
    await openMenu.click();
    await expect(menu.getByRole("button", { name: "Switch organization" })).toBeVisible();
    await expect(menu.getByRole("button", { name: "Account menu" })).toBeVisible();
    await menu.getByRole("button", { name: "Close menu" }).click();
    await expect(menu).toHaveCount(0);
    await expect(page).toHaveURL(/\/posts$/);
  });

  test("the Inbox shows the list, then only the conversation with a way back to the list", async ({ page, request }) => {
    // Meta verifies the webhook URL while we subscribe; make sure the route answers first.
    expect((await request.get(`${APP_URL}/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status()).toBe(403);
    await signUp(page, "Ines Inbox", { open: false });
    expect(await linkMetaPageByRequest(page, "Maya Chen")).toMatch(/\/settings\/tab\/integrations$/);

    await page.goto("/inbox");
    await expect(page.getByTestId("live-mode")).toHaveText("Live");
    await sandbox(request, "/webhooks/meta", { object: "page", pageId: PAGE_ID, senderId: "6100000000007002", text: "Is the terrace open tonight? We are a group of eight people." });
    const conversations = page.getByRole("list", { name: "Conversations" });
    const row = conversations.getByTestId("conversation").filter({ hasText: "Is the terrace open tonight?" });
    await expect(row).toBeVisible();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

    // The list gives way to the thread…
    await row.click();
    await expect(page.getByRole("list", { name: "Messages" }).getByText("Is the terrace open tonight?")).toBeVisible();
    await expect(conversations).toBeHidden();
    await expect(page.getByLabel("Reply")).toBeVisible();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    const back = page.getByRole("button", { name: "Back to conversations" });
    await expectTapTarget(back);

    // …and back.
    await back.click();
    await expect(row).toBeVisible();
    await expect(page.getByRole("list", { name: "Messages" })).toHaveCount(0);
  });
});

test.describe("on a desktop", () => {
  test.use({ viewport: DESKTOP });

  test("the sidebar shows the navigation, the organization and account menus, and the menu button is not there", async ({ page }) => {
    await signUp(page, "Desmond Desk");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeVisible();
    await expect(nav.getByRole("link", { name: "Connections" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("button", { name: "Open menu" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Switch organization" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Account menu" })).toBeVisible();
    await expect(page.getByTestId("notification-bell")).toBeVisible();
    const box = (await nav.boundingBox())!;
    expect(box.x).toBeLessThan(50);
    expect(box.width).toBeLessThanOrEqual(256);
  });
});

test("keyboard: the first Tab reaches a visible Skip to content link that moves focus to the page's content; nav links show a focus ring", async ({ page }) => {
  await signUp(page, "Kira Keys");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  expect((await skip.boundingBox())!.width).toBeGreaterThan(40);
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();

  // The next Tab goes into the page's content, past the sidebar.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.querySelector("main")!.contains(document.activeElement))).toBe(true);

  // A focused nav link is drawn with a ring (box-shadow), not just the browser's default.
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compose" });
  await link.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  await expect(link).toBeFocused();
  expect(await link.evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe("none");
});
