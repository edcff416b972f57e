import { expect, test, type Page, signUp, alerts, allowConsent } from "./support/test";

// Creators connect Instagram professional accounts through Facebook Login (the Pages' linked accounts).

async function connectInstagram(page: Page, user: string, untick: string[] = []) {
  await page.goto("/api/social/instagram/connect");
  await expect(page).toHaveURL(/www\.facebook\.com\/v\d+\.0\/dialog\/oauth/);
  const q = new URL(page.url()).searchParams;
  expect(q.get("scope")!.split(",").sort()).toEqual(
    ["business_management", "instagram_basic", "instagram_content_publish", "pages_read_engagement", "pages_show_list"],
  );
  await allowConsent(page, user, untick);
}

test("one Page with Instagram connects the Instagram account at once", async ({ page }) => {
  await signUp(page, "Insta One", { open: false });
  await connectInstagram(page, "Maya Chen");
  await expect(page).toHaveURL(/\/connections/);
  const card = page.getByTestId("connection-card").and(page.locator('[data-platform="instagram"]'));
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("connection-name")).toHaveText("@mayasbakery");
  expect(await page.content()).not.toMatch(/EAA[A-Za-z0-9]{8,}/);
});

test("several Pages offer only their Instagram accounts; the picked one connects", async ({ page }) => {
  await signUp(page, "Insta Three", { open: false });
  await connectInstagram(page, "Lucas Oliveira");
  await expect(page).toHaveURL(/\/connections\/select\//);
  // Lucas has 3 Pages; "Oliveira Family Notes" has no Instagram account.
  await expect(page.getByRole("checkbox")).toHaveCount(2);
  // Once the picker has hydrated (its count shows): a tick before that can be lost to hydration.
  await expect(page.getByTestId("picker-count")).toBeVisible();
  await page.getByRole("checkbox", { name: "@lisbonfoodtours" }).check();
  await expect(page.getByTestId("picker-count")).toHaveText("1 of 2 selected");
  await page.getByRole("button", { name: /Connect selected/ }).click();
  await expect(page).toHaveURL(/\/connections(\?|$)/);
  await expect(page.getByTestId("connection-name").filter({ hasText: "@lisbonfoodtours" })).toBeVisible();
  await expect(page.getByTestId("connection-name").filter({ hasText: "@oliveira.coffee" })).toHaveCount(0);
});

test("Pages without a linked Instagram account end on a page that says how to link one", async ({ page }) => {
  await signUp(page, "Insta NoIG", { open: false });
  // Share only the Page that has no Instagram account.
  await connectInstagram(page, "Lucas Oliveira", ["Oliveira Coffee Roasters", "Lisbon Street Food Tours"]);
  await expect(page).toHaveURL(/error=page_without_instagram/);
  await expect(alerts(page)).toContainText("No Instagram account linked");
});

test("a Facebook account without Pages has nothing to connect", async ({ page }) => {
  await signUp(page, "Insta None", { open: false });
  await connectInstagram(page, "Noah Fischer");
  await expect(page).toHaveURL(/error=no_pages/);
  await expect(alerts(page)).toContainText("No Pages found");
});
