import { expect, test, type Page, signUp, allowConsent } from "./support/test";

// Issue 10 #17: a creator with 60 Pages gets the Connections page grouped by platform with counts,
// a compact list, a search and a status filter; each thing is said once. Issue 10 #14: every card
// shows the picture the app downloaded at connect (served by the app), or initials.

async function connectSixtyPages(page: Page) {
  await page.goto("/api/social/facebook/connect");
  await allowConsent(page, "Priya Raman");
  await expect(page).toHaveURL(/\/connections\/select\//);
  const boxes = page.getByRole("checkbox");
  await expect(boxes).toHaveCount(60);
  // A picture Meta's CDN does not serve (here: the sandbox's fbcdn addresses, unreachable from the
  // browser) shows initials, never a broken image, even when it failed before hydration.
  await expect(page.getByRole("list").getByTestId("avatar-initials").first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => [...document.images].filter((i) => i.complete && i.naturalWidth === 0).length)).toBe(0);
  // Select all ticks every Page (and says so); one untick and the button offers it again.
  await expect(page.getByTestId("picker-count")).toHaveText("0 of 60 selected");
  await page.getByRole("button", { name: "Select all 60" }).click();
  await expect(page.locator('input[type="checkbox"]:checked')).toHaveCount(60);
  await boxes.first().uncheck();
  await expect(page.getByTestId("picker-count")).toHaveText("59 of 60 selected");
  await page.getByRole("button", { name: "Select all 60" }).click();
  await expect(page.getByTestId("picker-count")).toHaveText("60 of 60 selected");
  await page.getByRole("button", { name: "Clear selection" }).click();
  await expect(page.locator('input[type="checkbox"]:checked')).toHaveCount(0);
  await page.getByRole("button", { name: "Select all 60" }).click();
  await expect(page.getByTestId("picker-count")).toHaveText("60 of 60 selected");
  await page.getByRole("button", { name: /Connect selected/ }).click();
  await expect(page).toHaveURL(/\/connections(\?|$)/, { timeout: 30_000 });
}

test("60 Pages: one group with its count, a compact list, search and status filter, pictures from the app", async ({ page }) => {
  test.slow();
  await signUp(page, "Creator Sixty Pages", { open: false });
  await connectSixtyPages(page);
  await page.goto("/connections");

  const group = page.getByTestId("connection-group").and(page.locator('[data-platform="facebook"]'));
  await expect(group.getByRole("heading")).toContainText("Facebook Page");
  await expect(group.getByTestId("group-count")).toHaveText("60");
  // Many connections start as the compact list.
  await expect(page.getByTestId("connections")).toHaveAttribute("data-view", "list");
  await expect(page.getByTestId("connection-row")).toHaveCount(60);
  // Said once: the group names the platform; no row repeats "Facebook Page · Page".
  await expect(page.getByText(/Facebook Page · Page/)).toHaveCount(0);

  // Pictures come from the app (downloaded once at connect), and they load.
  const avatar = page.getByTestId("connection-row").first().getByTestId("avatar-image");
  await expect(avatar).toHaveAttribute("src", /^\/api\/connections\/[0-9a-f-]{36}\/avatar\?v=/);
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
  expect(await page.content()).not.toMatch(/fbcdn\.net|cdninstagram\.com/);

  // Search narrows the list and the count says so.
  await page.getByRole("searchbox", { name: "Search connections" }).fill("austin");
  await expect(page.getByTestId("connection-row")).toHaveCount(1);
  await expect(page.getByTestId("connection-name")).toHaveText("Raman Retail — Austin");
  await expect(group.getByTestId("group-count")).toHaveText("1 of 60");
  await page.getByRole("searchbox", { name: "Search connections" }).fill("no such page");
  await expect(page.getByTestId("no-matches")).toBeVisible();
  await page.getByRole("button", { name: "Show all" }).click();
  await expect(page.getByTestId("connection-row")).toHaveCount(60);

  // The status filter lists "Needs reconnect" first, with counts; nothing needs it here.
  const status = page.getByRole("combobox", { name: "Status" });
  await expect(status.locator("option")).toHaveText(["All statuses (60)", "Needs reconnect (0)", "Expiring soon (0)", "Active (60)"]);
  await status.selectOption("active");
  await expect(page.getByTestId("connection-row")).toHaveCount(60);

  // Cards on demand, remembered in the URL.
  await page.getByRole("button", { name: "Cards" }).click();
  await expect(page.getByTestId("connection-card")).toHaveCount(60);
  await expect(page).toHaveURL(/view=cards/);
  await page.reload();
  await expect(page.getByTestId("connections")).toHaveAttribute("data-view", "cards");
});
