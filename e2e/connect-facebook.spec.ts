import { expect, test, type Page, signUp, alerts, allowConsent } from "./support/test";
import { SANDBOX_URL } from "./support/urls";

// Creators connect Facebook Pages through Facebook Login (issue 4, Facebook part), via the sandbox.

/** Connect → the Facebook dialog as `user` → Allow (optionally unticking some Pages first). */
async function connectFacebook(page: Page, user: string, untick: string[] = []) {
  await page.goto("/api/social/facebook/connect");
  await expect(page).toHaveURL(/www\.facebook\.com\/v\d+\.0\/dialog\/oauth/);
  const q = new URL(page.url()).searchParams;
  expect(q.get("scope")!.split(",").sort()).toEqual(["business_management", "pages_manage_posts", "pages_read_engagement", "pages_show_list"]);
  await allowConsent(page, user, untick);
}

test("a creator with 3 Pages picks 2 and gets two Page cards — Page tokens never reach the browser", async ({ page, request }) => {
  test.slow();
  await signUp(page, "Creator Three", { open: false });
  const before = ((await (await request.get(`${SANDBOX_URL}/__sandbox/stats`)).json()) as { counts: Record<string, number> }).counts;
  await connectFacebook(page, "Lucas Oliveira");
  await expect(page).toHaveURL(/\/connections\/select\//);
  await expect(page.getByRole("checkbox")).toHaveCount(3);
  await expect(page.getByText("Instagram @oliveira.coffee")).toBeVisible();
  expect(await page.content()).not.toMatch(/EAA[A-Za-z0-9]{8,}/);

  // One listing of the Pages (batched with me/permissions), not one call per Page.
  const after = ((await (await request.get(`${SANDBOX_URL}/__sandbox/stats`)).json()) as { counts: Record<string, number> }).counts;
  const calls = (label: string) => (after[label] ?? 0) - (before[label] ?? 0);
  expect(calls("graph.facebook.com POST / (batch)")).toBe(1);
  expect(calls("graph.facebook.com GET /me/accounts")).toBe(0);
  expect(calls("graph.facebook.com GET /{id}")).toBe(0);

  // Once the picker has hydrated (its count shows): a tick before that can be lost to hydration.
  await expect(page.getByTestId("picker-count")).toBeVisible();
  await page.getByRole("checkbox", { name: "Oliveira Coffee Roasters" }).check();
  await page.getByRole("checkbox", { name: "Lisbon Street Food Tours" }).check();
  await expect(page.getByTestId("picker-count")).toHaveText("2 of 3 selected");
  await page.getByRole("button", { name: /Connect selected/ }).click();
  await expect(page).toHaveURL(/\/connections(\?|$)/);
  const cards = page.getByTestId("connection-card").and(page.locator('[data-platform="facebook"]'));
  await expect(cards).toHaveCount(2);
  await expect(page.getByTestId("connection-name").filter({ hasText: "Oliveira Coffee Roasters" })).toBeVisible();
  await expect(page.getByTestId("connection-name").filter({ hasText: "Lisbon Street Food Tours" })).toBeVisible();
  await expect(page.getByTestId("connection-name").filter({ hasText: "Oliveira Family Notes" })).toHaveCount(0);
  expect(await page.content()).not.toMatch(/EAA[A-Za-z0-9]{8,}/);
});

test("a creator with 60 Pages sees all 60 in the picker", async ({ page }) => {
  test.slow();
  await signUp(page, "Creator Sixty", { open: false });
  await connectFacebook(page, "Priya Raman");
  await expect(page).toHaveURL(/\/connections\/select\//);
  await expect(page.getByRole("checkbox")).toHaveCount(60);
  await expect(page.getByRole("checkbox", { name: "Raman Retail — Austin" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Raman Retail — Juneau" })).toBeAttached();
});

test("a Page owned by a Business Portfolio appears (business_management) and connects", async ({ page }) => {
  await signUp(page, "Creator Portfolio", { open: false });
  await connectFacebook(page, "Tomás Herrera");
  await expect(page).toHaveURL(/\/connections/);
  await expect(page.getByTestId("connection-name").filter({ hasText: "Herrera Studio" })).toBeVisible();
});

test("a creator without Pages is told what to do", async ({ page }) => {
  await signUp(page, "Creator None", { open: false });
  await connectFacebook(page, "Noah Fischer");
  await expect(page).toHaveURL(/error=no_pages/);
  await expect(alerts(page)).toContainText("No Pages found");
  await expect(page.getByTestId("connection-card")).toHaveCount(0);
});

test("a permission turned off in the Facebook dialog is named, with Reconnect, and nothing is saved", async ({ page }) => {
  await signUp(page, "Creator Declines", { open: false });
  await connectFacebook(page, "Maya Chen", ["pages_manage_posts"]);
  await expect(page).toHaveURL(/error=missing_scopes/);
  await expect(alerts(page)).toContainText("Some permissions were not granted");
  await expect(alerts(page)).toContainText("pages_manage_posts");
  await expect(alerts(page).getByRole("link", { name: /Reconnect|Connect again|Try again/ })).toBeVisible();
  await expect(page.getByTestId("connection-card")).toHaveCount(0);
});

test("Remove Switchboard from Facebook: a public_profile login removes the app and Maya's Page card", async ({ page, request }) => {
  test.slow();
  await signUp(page, "Creator Removes", { open: false });
  await connectFacebook(page, "Maya Chen");
  // Not `?connected=`: the page drops it from the URL right after its toast (a race under load).
  await expect(page).toHaveURL(/\/connections(\?|$)/);
  const card = page.getByTestId("connection-card").filter({ hasText: "Maya's Bakery" });
  await expect(card).toBeVisible();

  const before = ((await (await request.get(`${SANDBOX_URL}/__sandbox/stats`)).json()) as { counts: Record<string, number> }).counts;
  // Click until the card has hydrated (a click before that opens nothing).
  const dialog = page.getByRole("dialog");
  await expect(async () => {
    await card.getByRole("button", { name: "Disconnect" }).click({ timeout: 2_000 });
    await expect(dialog).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(dialog.getByTestId("remove-app-option")).toContainText("Every Page and Instagram account");
  await dialog.getByRole("button", { name: "Remove Switchboard from Facebook…" }).click();

  await expect(page).toHaveURL(/www\.facebook\.com\/v\d+\.0\/dialog\/oauth/);
  expect(new URL(page.url()).searchParams.get("scope")).toBe("public_profile");
  await allowConsent(page, "Maya Chen");

  await expect(page).toHaveURL(/\/connections\?removed_app=facebook/);
  await expect(page.getByTestId("removed-app-message")).toHaveText("Removed 1 connection: Maya's Bakery.");
  await expect(page.getByTestId("connection-card")).toHaveCount(0);
  const after = ((await (await request.get(`${SANDBOX_URL}/__sandbox/stats`)).json()) as { counts: Record<string, number> }).counts;
  expect((after["graph.facebook.com DELETE /me/permissions"] ?? 0) - (before["graph.facebook.com DELETE /me/permissions"] ?? 0)).toBe(1);
});
