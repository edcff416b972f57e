import type { Browser } from "@playwright/test";
import { ageRows } from "./support/app";
import { allowConsent, expect, signUp, test, type BrowserContext, type Page } from "./support/test";
import { APP_URL } from "./support/urls";

// Agency access (issue 15): an admin asks a client for their Meta assets with one link.

async function newRequest(page: Page, clientName: string): Promise<string> {
  await page.goto("/clients");
  await page.getByLabel("Client name").fill(clientName);
  await page.getByLabel("Client email (optional)").fill("owner@northwind.example");
  const link = page.getByTestId("access-link");
  // Until the form hydrates a click may post nothing; retry until the link shows.
  await expect(async () => {
    await page.getByRole("button", { name: "Create link" }).click({ timeout: 2_000 });
    await expect(link).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  return (await link.textContent())!.trim();
}

test("an admin creates an access request: a link shown once with Copy, listed as not opened, then revoked", async ({ page }) => {
  await signUp(page, "Avery Agency", { open: false });
  const link = await newRequest(page, "Northwind Bakery");
  expect(new URL(link).pathname).toMatch(/^\/access\/[\w-]{43}$/);
  await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();

  // Listed with its state; the link's token is never in the page again (S4).
  await page.reload();
  const row = page.getByTestId("access-request-row").filter({ hasText: "Northwind Bakery" });
  await expect(row.getByTestId("access-request-state")).toHaveText("Not opened");
  expect(await page.content()).not.toContain(new URL(link).pathname.split("/").pop()!);

  await row.getByRole("button", { name: "Revoke the link for Northwind Bakery" }).click();
  await page.getByRole("dialog", { name: "Revoke the link for Northwind Bakery?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(row.getByTestId("access-request-state")).toHaveText("Revoked");
});

const GRACE = "Grace Okafor";

/** The client's own browser: a fresh context with no session and another address. */
async function clientBrowser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: APP_URL, extraHTTPHeaders: { "x-forwarded-for": `10.99.${Math.floor(Math.random() * 250)}.7` } });
  return { context, page: await context.newPage() };
}

/** The client on the wizard: the link (or the page already open) → Connect Meta → the Facebook dialog as `user` → Allow (some permissions or assets unticked). */
async function connectAsClient(page: Page, link: string, user: string, button: RegExp, untick: string[] = []) {
  // Already there (the wizard, a problem page's Try again, "Connect Meta again"): no second load.
  if (page.url() !== link) await page.goto(link);
  await page.getByRole("button", { name: button }).click();
  await expect(page).toHaveURL(/www\.facebook\.com\/v\d+\.0\/dialog\/oauth/);
  const scopes = new URL(page.url()).searchParams.get("scope")!.split(",");
  expect(scopes).toEqual(["ads_management", "ads_read", "business_management", "pages_read_engagement", "pages_show_list"]);
  await allowConsent(page, user, untick);
}

test("a client shares 1 ad account, 2 Pages and an Instagram account shared only through their business; the agency sees exactly those; re-authorizing with the same link keeps one row and resets the expiry", async ({ page, browser, request }) => {
  test.slow();
  const email = await signUp(page, "Avery Agency", { open: false });
  const link = await newRequest(page, "Okafor Home Goods");

  const client = await clientBrowser(browser);
  await client.page.goto(link);
  await expect(client.page.getByTestId("access-heading")).toContainText("asks for access to your Meta ad accounts, Pages and Instagram accounts");
  await connectAsClient(client.page, link, GRACE, /^Connect Meta$/);
  await expect(client.page).toHaveURL(/\/access\/[\w-]{43}\/select(#_=_)?$/);
  const groups = client.page.getByTestId("asset-group");
  await expect(groups).toHaveCount(3);
  // The disabled state is not Grace's: her three ad accounts are all active and selectable.
  await expect(groups.nth(0).getByTestId("asset-group-count")).toHaveText("0 of 3 selected");
  await expect(client.page.getByText("@adaeze.ceramics")).toBeVisible();
  expect(await client.page.content()).not.toMatch(/EAA[A-Za-z0-9]{8,}/);

  await client.page.getByRole("checkbox", { name: /Okafor Home Goods — Prospecting/ }).check();
  await client.page.getByRole("checkbox", { name: /^Okafor Home Goods Instagram/ }).check();
  await client.page.getByRole("checkbox", { name: /^Grace Okafor Photography/ }).check();
  await client.page.getByRole("checkbox", { name: /@adaeze\.ceramics/ }).check();
  await expect(client.page.getByTestId("selection-summary")).toContainText("4 items");
  // On a phone: one column, the Confirm bar within reach.
  await client.page.setViewportSize({ width: 390, height: 844 });
  await expect(client.page.getByRole("button", { name: /Confirm and share/ })).toBeInViewport();
  await client.page.setViewportSize({ width: 1280, height: 720 });
  await client.page.getByRole("button", { name: /Confirm and share/ }).click();
  await expect(client.page.getByTestId("access-done")).toBeVisible();
  await expect(client.page.getByTestId("shared-asset")).toHaveCount(4);

  // The agency sees exactly those four, with 60 days to go.
  await page.goto("/clients");
  const row = page.getByTestId("access-request-row").filter({ hasText: "Okafor Home Goods" });
  await expect(row.getByTestId("access-request-state")).toHaveText("Assets shared");
  await row.getByRole("link", { name: "Okafor Home Goods" }).click();
  await expect(page.getByTestId("shared-asset")).toHaveCount(4);
  await expect(page.getByTestId("shared-ad_account").getByTestId("shared-asset")).toHaveText([/Okafor Home Goods — Prospecting/]);
  await expect(page.getByTestId("shared-page").getByTestId("shared-asset")).toHaveCount(2);
  await expect(page.getByTestId("shared-instagram_account").getByTestId("shared-asset")).toHaveText([/@adaeze\.ceramics/]);
  await expect(page.getByTestId("client-days-to-expiry")).toHaveText("60");

  // 40 days later the agency copies the same link again; the client re-authorizes through it.
  expect(await ageRows(request, { table: "client_connections", email, seconds: 40 * 86_400 })).toBe(1);
  await page.reload();
  await expect(page.getByTestId("client-days-to-expiry")).toHaveText("20");
  await page.getByRole("button", { name: "Copy re-authorization link" }).click();
  await expect(page.getByTestId("reauthorization-link")).toHaveText(link);
  await connectAsClient(client.page, link, GRACE, /^Re-authorize with Facebook$/);
  await expect(client.page).toHaveURL(/\/select(#_=_)?$/);
  await page.reload();
  await expect(page.getByTestId("client-days-to-expiry")).toHaveText("60");
  await page.goto("/clients");
  await expect(page.getByTestId("access-request-row").filter({ hasText: "Okafor Home Goods" })).toHaveCount(1);
  await client.context.close();
});

test("a revoked link is a polite dead end in the client's browser", async ({ page, browser }) => {
  await signUp(page, "Riley Revoker", { open: false });
  const link = await newRequest(page, "Gone Client");
  await page.reload();
  await page.getByRole("button", { name: "Revoke the link for Gone Client" }).click();
  await page.getByRole("dialog", { name: "Revoke the link for Gone Client?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("access-request-row").filter({ hasText: "Gone Client" }).getByTestId("access-request-state")).toHaveText("Revoked");

  const client = await clientBrowser(browser);
  await client.page.goto(link);
  await expect(client.page.getByTestId("access-dead-end")).toContainText("This link no longer works");
  await expect(client.page.getByRole("button", { name: /Connect Meta/ })).toHaveCount(0);
  await client.context.close();
});

test("a permission turned off on Facebook ends on a page naming it, and Try again leads to the selector", async ({ page, browser }) => {
  await signUp(page, "Dana Declined", { open: false });
  const link = await newRequest(page, "Kim Fitness");
  const client = await clientBrowser(browser);
  await connectAsClient(client.page, link, "Daniel Kim", /^Connect Meta$/, ["ads_read"]);
  await expect(client.page).toHaveURL(/problem=missing_scopes/);
  await expect(client.page.getByTestId("missing-permissions")).toHaveText("See how your ads perform (ads_read)");
  await connectAsClient(client.page, client.page.url(), "Daniel Kim", /^Try again with Facebook$/);
  await expect(client.page).toHaveURL(/\/select(#_=_)?$/);
  // Daniel's disabled ad account is shown with its status and cannot be ticked.
  await expect(client.page.getByRole("checkbox", { name: /Kim Fitness — Launch \(disabled\)/ })).toBeDisabled();
  await expect(client.page.getByText("Disabled", { exact: true })).toBeVisible();
  await client.context.close();
});

test("a client whose Facebook account shares nothing is told so, with what to check, instead of an empty selector", async ({ page, browser }) => {
  await signUp(page, "Avery Agency", { open: false });
  const link = await newRequest(page, "Chen Bakery");
  const client = await clientBrowser(browser);
  // Maya has one Page (its Instagram account comes with it) and no ad account; she unticks the Page on Facebook's dialog.
  await connectAsClient(client.page, link, "Maya Chen", /^Connect Meta$/, ["Maya's Bakery"]);
  await expect(client.page).toHaveURL(/\/access\/[\w-]{43}\/select(#_=_)?$/);
  await expect(client.page.getByRole("heading", { name: "Nothing to share from this Facebook account" })).toBeVisible();
  await expect(client.page.getByTestId("no-assets")).toContainText("Maya Chen has no ad accounts, Pages or Instagram accounts that Facebook lets it share");
  await expect(client.page.getByTestId("asset-group")).toHaveCount(0);
  await client.context.close();
});

test("a client who comes back after the hour is told choosing expired, with Connect Meta again; nothing is shared until they reconnect", async ({ page, browser, request }) => {
  const email = await signUp(page, "Erin Early", { open: false });
  const link = await newRequest(page, "Late Client");
  const client = await clientBrowser(browser);
  await connectAsClient(client.page, link, GRACE, /^Connect Meta$/);
  await expect(client.page).toHaveURL(/\/select(#_=_)?$/);
  await client.page.getByRole("checkbox", { name: /^Grace Okafor Photography/ }).check();
  // The hour passes (on the database clock) before they confirm.
  expect(await ageRows(request, { table: "pending_choices", email, seconds: 3_601 })).toBe(1);
  await client.page.getByRole("button", { name: /Confirm and share/ }).click();
  await expect(client.page.getByText(/that hour has passed\. Connect Meta again/)).toBeVisible();
  await client.page.reload();
  await expect(client.page.getByRole("heading", { name: "Choosing has expired" })).toBeVisible();
  await expect(client.page.getByTestId("choice-expired")).toContainText("Nothing was shared.");
  await client.page.getByRole("link", { name: "Connect Meta again" }).click();
  await expect(client.page).toHaveURL(link);
  await page.goto("/clients");
  await expect(page.getByTestId("access-request-row").filter({ hasText: "Late Client" }).getByTestId("access-request-state")).not.toHaveText("Assets shared");
  // Connecting again lists afresh: the selector is back.
  await connectAsClient(client.page, link, GRACE, /^Re-authorize with Facebook$|^Connect Meta$/);
  await expect(client.page.getByTestId("asset-group")).toHaveCount(3);
  await client.context.close();
});
