import { expect, test, type BrowserContext, type Page } from "./support/test";
import { APP_URL, SANDBOX_URL } from "./support/urls";

// Sign in with Instagram (Instagram API with Instagram Login) through the sandbox's real consent page.
// The sandbox's Instagram users: Ava (@ava.bakes, the default), Kenji (@kenjicreates), Lena (@novak.studio).

const CALLBACK = `${APP_URL}/api/auth/instagram/callback`;
const SCOPES = "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_messages,instagram_business_manage_comments";

// The tests share the sandbox's three Instagram accounts, which an account can own only once
// (the first test needs @novak.studio unowned): they run in file order, in one worker.
test.describe.configure({ mode: "default" });

/** Clicks "Continue with Instagram" and waits for Instagram's (the sandbox's) consent page. */
async function continueWithInstagram(page: Page, from: "/sign-in" | "/sign-up" = "/sign-in") {
  await page.goto(from);
  await page.getByRole("link", { name: /with Instagram/ }).click();
  await expect(page.getByRole("heading", { name: "Switchboard (sandbox) is requesting access" })).toBeVisible();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/www\.instagram\.com\/oauth\/authorize/);
}

/** On the consent page: pick the account (unless it is the default) and press Allow. */
async function allowAs(page: Page, username?: string) {
  if (username) {
    await page.getByText(`@${username}`, { exact: true }).click();
    await expect(page.locator("#consent input[name=sandbox_user]")).toHaveValue(/\d+/);
  }
  await page.getByRole("button", { name: "Allow" }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

const sessionCookie = async (context: BrowserContext) =>
  (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));

/**
 * Starts a sign-in and stops the browser on its way back from Instagram: answers the callback URL
 * (with code and state) without the app having seen it. (Playwright does not route redirected
 * requests, so the consent POST is fetched here and its redirect kept.)
 */
async function interceptCallback(page: Page, username?: string): Promise<string> {
  let captured = "";
  const dialog = `${SANDBOX_URL}/www.instagram.com/oauth/authorize**`;
  await page.route(dialog, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const response = await route.fetch({ maxRedirects: 0 });
    captured = (response.headers()["location"] ?? "").replace(/#.*$/, "");
    await route.fulfill({ status: 200, contentType: "text/plain", body: "held back" });
  });
  await continueWithInstagram(page);
  await allowAs(page, username);
  await expect.poll(() => captured).toContain("code=");
  await page.unroute(dialog);
  expect(captured.startsWith(`${CALLBACK}?`)).toBe(true);
  return captured;
}

// First, while @novak.studio belongs to no one yet (the run starts with an empty database).
test("a signed-in email user links Instagram from Settings, then signs in with it", async ({ page }) => {
  const email = `link-${Date.now()}@example.com`;
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  // A cold dev server compiles the signed-in area on this first visit.
  await expect(page).toHaveURL(/\/connections(#_)?$/, { timeout: 120_000 });

  await page.goto("/settings/tab/general");
  await expect(page.getByText("No Instagram account linked.")).toBeVisible();
  await page.getByRole("link", { name: "Link Instagram" }).click();
  await allowAs(page, "novak.studio");
  await expect(page).toHaveURL(/\/settings\/tab\/general\?instagram=linked(#_)?$/);
  await expect(page.getByText("Instagram is linked")).toBeVisible();
  await expect(page.getByTestId("linked-instagram")).toContainText("@novak.studio");
  await page.goto("/connections");
  await expect(page.locator('[data-testid=connection-card][data-platform=instagram_login]')).toContainText("novak.studio");

  await signOut(page);
  await continueWithInstagram(page);
  await allowAs(page, "novak.studio");
  await expect(page).toHaveURL(/\/connections(#_)?$/);
  // The same account: the name Grace chose, not Instagram's.
  await expect(page.getByTestId("user-name")).toHaveText("Grace Hopper");
});

test("Continue with Instagram signs a new person up; signing out and in again is the same account", async ({ page, context }) => {
  await continueWithInstagram(page, "/sign-up");
  // O3/O8: exactly the four scopes, our exact callback, a long random state, no PKCE verifier anywhere.
  const authorize = new URL(page.url());
  expect(authorize.searchParams.get("scope")).toBe(SCOPES);
  expect(authorize.searchParams.get("redirect_uri")).toBe(CALLBACK);
  expect(authorize.searchParams.get("client_id")).toBe("200000000000002");
  expect(authorize.searchParams.get("state")!.length).toBeGreaterThanOrEqual(43);
  expect(authorize.searchParams.has("code_verifier")).toBe(false);
  await expect(page.getByText("@ava.bakes")).toBeVisible();

  // O7: the callback answers a 303 to a clean URL with no-referrer and no-store.
  const callbackResponse = page.waitForResponse((r) => r.url().startsWith(CALLBACK));
  await allowAs(page);
  const res = await callbackResponse;
  expect(res.status()).toBe(303);
  expect(res.headers()["referrer-policy"]).toBe("no-referrer");
  expect(res.headers()["cache-control"]).toContain("no-store");
  expect(res.headers()["location"]).not.toMatch(/code=|state=/);

  await expect(page).toHaveURL(/\/connections(#_)?$/);
  await expect(page.getByTestId("user-name")).toHaveText("Ava Martins");
  await expect(page.getByTestId("current-org")).toHaveText("Ava's workspace");
  // The same login is an Instagram connection, ready for publishing: one card with the username.
  const cards = page.locator('[data-testid=connection-card][data-platform=instagram_login]');
  await expect(cards).toHaveCount(1);
  await expect(cards).toContainText("ava.bakes");
  await expect(cards).toContainText("Active");
  // "Refresh now" on a token minutes old says why it cannot.
  await cards.getByRole("button", { name: "Refresh now" }).click();
  await expect(cards.getByRole("status")).toContainText("less than a day old");
  // A6: the session cookie is HttpOnly and SameSite=Lax.
  const first = await sessionCookie(context);
  expect(first?.httpOnly).toBe(true);
  expect(first?.sameSite).toBe("Lax");

  // The username is on the account's page, and Instagram is linked for signing in.
  await page.goto("/settings/tab/general");
  await expect(page.getByTestId("linked-instagram")).toHaveCount(1);
  await expect(page.getByTestId("linked-instagram")).toContainText("@ava.bakes");
  // Something only this user has: a second workspace.
  await page.getByLabel("Name", { exact: true }).fill("Ava Studio");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByTestId("current-org")).toHaveText("Ava Studio");

  await signOut(page);
  // A6: sign-out ends the session; replaying the old cookie does not get back in.
  await context.addCookies([first!]);
  await page.goto("/connections");
  await expect(page).toHaveURL(/\/sign-in/);

  // Signing in again with the same Instagram account reaches the same user (with their second
  // workspace), not a new one — and a new session.
  await continueWithInstagram(page);
  await allowAs(page);
  await expect(page).toHaveURL(/\/connections(#_)?$/);
  await expect(page.getByTestId("user-name")).toHaveText("Ava Martins");
  const second = await sessionCookie(context);
  expect(second?.value).not.toBe(first?.value);
  // Still one connection for the account, not two.
  await expect(page.locator('[data-testid=connection-card][data-platform=instagram_login]')).toHaveCount(1);
  await page.goto("/settings/tab/general");
  await expect(page.getByTestId("linked-instagram")).toHaveCount(1);
  await page.getByRole("button", { name: "Switch organization" }).click();
  await expect(page.getByRole("menuitem", { name: /Ava Studio/ })).toBeVisible();
});

test("Cancel on Instagram's page says the sign-in was cancelled and offers to try again", async ({ page, context }) => {
  await continueWithInstagram(page);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/sign-in\?instagram_error=consent_denied(#_)?$/);
  await expect(page.getByText("Instagram sign-in cancelled")).toBeVisible();
  await expect(page.getByRole("link", { name: "Try again with Instagram" })).toBeVisible();
  expect(await sessionCookie(context)).toBeUndefined();

  // Trying again works.
  await page.getByRole("link", { name: "Try again with Instagram" }).click();
  await allowAs(page, "kenjicreates");
  await expect(page).toHaveURL(/\/connections(#_)?$/);
  await expect(page.getByTestId("user-name")).toHaveText("Kenji Sato");
});

test("O1: a callback opened in another browser is rejected and signs no one in", async ({ page, browser }) => {
  const callbackUrl = await interceptCallback(page, "novak.studio");
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await stranger.goto(callbackUrl);
  await expect(stranger).toHaveURL(/\/sign-in\?instagram_error=start_again$/);
  await expect(stranger.getByText("This sign-in was not started here")).toBeVisible();
  expect(await sessionCookie(other)).toBeUndefined();
  await other.close();
});

test("O2: the same callback fired twice at once signs in once; the other is told to start again", async ({ page, context }) => {
  const callbackUrl = await interceptCallback(page, "novak.studio");
  // Both requests carry this browser's cookies.
  const [a, b] = await Promise.all([
    context.request.get(callbackUrl, { maxRedirects: 0 }),
    context.request.get(callbackUrl, { maxRedirects: 0 }),
  ]);
  const locations = [a, b].map((r) => {
    expect(r.status()).toBe(303);
    return new URL(r.headers()["location"]!, APP_URL).pathname + new URL(r.headers()["location"]!, APP_URL).search;
  });
  expect(locations.sort()).toEqual(["/connections", "/sign-in?instagram_error=start_again"]);
  const stats = (await (await fetch(`${SANDBOX_URL}/__sandbox/stats`)).json()) as { counts: Record<string, number> };
  expect(stats.counts["api.instagram.com POST /oauth/access_token"]).toBe(1);
});

test("O6: returnTo pointing away from the app is ignored", async ({ page }) => {
  for (const evil of ["//evil.example/x", "https://evil.example/x", "/\\evil.example"]) {
    await page.context().clearCookies();
    await page.goto(`/api/auth/instagram/start?from=sign-in&returnTo=${encodeURIComponent(evil)}`);
    await allowAs(page);
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/connections(#_)?$/);
  }
  // An allowlisted relative path is kept.
  await page.context().clearCookies();
  await page.goto(`/api/auth/instagram/start?from=sign-in&returnTo=${encodeURIComponent("/settings/tab/general")}`);
  await allowAs(page);
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/settings\/tab\/general(#_)?$/);
});

test("an email user connects Instagram (Instagram Login) from the Connect menu: one card with Refresh now", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Hedy Lamarr");
  await page.getByLabel("Email").fill(`connect-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/connections(#_)?$/, { timeout: 120_000 });

  await page.getByRole("button", { name: /Connect your first account/ }).click();
  await page.getByRole("menuitem", { name: /Instagram \(Instagram Login\)/ }).click();
  await expect(page).toHaveURL(/www\.instagram\.com\/oauth\/authorize/);
  expect(new URL(page.url()).searchParams.get("scope")).toBe(SCOPES);
  await allowAs(page, "kenjicreates");

  const card = page.locator("[data-testid=connection-card][data-platform=instagram_login]");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("kenjicreates");
  // The platform is said once, by its group's heading (issue 10 #17), not on the card.
  const group = page.getByTestId("connection-group").and(page.locator('[data-platform="instagram_login"]'));
  await expect(group.getByRole("heading")).toContainText("Instagram (Instagram Login)");
  await expect(card.getByRole("button", { name: "Refresh now" })).toBeVisible();
  expect(await page.content()).not.toMatch(/IGAA[A-Za-z0-9_-]{10,}|access_token/);
  // Still the email account: connecting is not signing in as someone else.
  await expect(page.getByTestId("user-name")).toHaveText("Hedy Lamarr");
});

test("A7: malformed callbacks and starts end on a page that says what to do, never a 500", async ({ request }) => {
  for (const query of ["", "?state=", `?state=${"x".repeat(5000)}&code=y`, "?code=abc", "?error=access_denied", "?state=%ZZ&code=%00"]) {
    const res = await request.get(`/api/auth/instagram/callback${query}`, { maxRedirects: 0 });
    expect(res.status(), query).toBe(303);
    expect(res.headers()["location"]).toMatch(/\/sign-in\?instagram_error=[a-z_]+$/);
    expect(res.headers()["cache-control"]).toContain("no-store");
  }
  const start = await request.get(`/api/auth/instagram/start?from=${"z".repeat(3000)}&returnTo=${"/".repeat(2000)}`, { maxRedirects: 0 });
  expect(start.status()).toBe(303);
  expect(start.headers()["location"]).toContain("/www.instagram.com/oauth/authorize?");
});
