import { randomInt } from "node:crypto";
import type { Browser } from "@playwright/test";
import { expect, test, type Page, PASSWORD, replayableAction, signUp } from "./support/test";
import { APP_URL, SANDBOX_URL } from "./support/urls";

// Issue 10's security findings, each proved in the browser against `next start`. The app runs
// with TRUSTED_PROXY_HOPS=1 here: each context's X-Forwarded-For stands for a proxy's entry.

const address = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** A browser context that comes from `xff` (what the trusted proxy would append). */
async function from(browser: Browser, xff: string): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": xff } });
  return context.newPage();
}

async function trySignIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/sign-in")),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/**
 * The first attempt of a series through the form of a browser coming from `xff`; returns a way to
 * send the same sign-in again from any other address (a script does not need a browser per address).
 */
async function firstSignIn(browser: Browser, xff: string, email: string, password: string) {
  const page = await from(browser, xff);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  const again = await replayableAction(page, "/sign-in", () => page.getByRole("button", { name: "Sign in" }).click());
  await expect(page.getByText("Email or password is not right.")).toBeVisible();
  return { page, again: (xff: string) => again({ "x-forwarded-for": xff }) };
}

test("#2 ten wrong passwords from ten addresses do not lock the account out", async ({ page, browser }) => {
  // Several browser contexts and a dozen sign-ins: slow on a loaded 2-core machine.
  test.slow();
  const email = await signUp(page, "Lockout Target", { open: false });
  const attacker = await firstSignIn(browser, address(), email, "wrong password 0");
  for (let i = 1; i < 10; i++) {
    const res = await attacker.again(address());
    expect(await res.text(), `attempt ${i + 1}`).toContain("Email or password is not right.");
  }
  await attacker.page.context().close();
  const owner = await from(browser, address());
  await trySignIn(owner, email, PASSWORD);
  await expect(owner).toHaveURL(/\/connections$/);
  await owner.context().close();
});

test("#3 behind one trusted proxy, what a client puts before the proxy's entry makes no new bucket", async ({ browser }) => {
  // Several browser contexts and a dozen form submissions: slow on a loaded 2-core machine.
  test.slow();
  const email = `nobody-${Date.now()}-${randomInt(1e6)}@example.com`;
  const real = address();
  // Five failures, each claiming another address in front of the proxy's entry…
  const first = await firstSignIn(browser, `${address()}, ${real}`, email, "wrong password");
  for (let i = 1; i < 5; i++) {
    const res = await first.again(`${address()}, ${real}`);
    expect(await res.text(), `attempt ${i + 1}`).toContain("Email or password is not right.");
  }
  await first.page.context().close();
  // …all counted against the one real address: the sixth attempt (through the form) waits.
  const page = await from(browser, `${address()}, ${real}`);
  await trySignIn(page, email, "wrong password");
  await expect(page.getByText(/Too many failed sign-ins\. Wait \d+ seconds and try again\./)).toBeVisible();
  await page.context().close();

  // A route handler sees the same address: 60 webhook verifications a minute per client.
  const context = await browser.newContext();
  const request = context.request;
  const verify = (xff: string) => request.get("/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", { headers: { "x-forwarded-for": xff } });
  const limited = address();
  for (let i = 0; i < 60; i++) expect((await verify(`${address()}, ${limited}`)).status()).toBe(403);
  expect((await verify(`${address()}, ${limited}`)).status()).toBe(429);
  expect((await verify(`${limited}, ${address()}`)).status()).toBe(403);
  await context.close();
});

test("#4 a cross-site form cannot save a Page or disconnect Meta with the admin's cookie", async ({ page, request }) => {
  await request.post(`${SANDBOX_URL}/__sandbox/reset`);
  await signUp(page, "CSRF Admin", { open: false });
  // What a plain HTML form on evil.example sends with the admin's cookie.
  const form = { headers: { origin: "http://evil.example", "content-type": "text/plain" } };
  const select = await page.request.post("/api/integrations/meta/select-page", { ...form, data: '{"pageId":"104857392016482"}' });
  expect(select.status()).toBe(403);
  expect((await select.json()).error.code).toBe("cross_origin");
  const disconnect = await page.request.post("/api/integrations/meta/disconnect", { ...form, data: "{}" });
  expect(disconnect.status()).toBe(403);
  expect((await disconnect.json()).error.code).toBe("cross_origin");
  // The same calls from the app's own origin, as JSON, reach the operation (nothing is pending or connected).
  const own = { headers: { origin: new URL(APP_URL).origin, "content-type": "application/json" } };
  expect((await page.request.post("/api/integrations/meta/disconnect", { ...own, data: {} })).status()).toBe(404);
});

test("#5 next-auth's own sign-out ends the server session: a copied cookie no longer loads /connections", async ({ page, browser }) => {
  await signUp(page, "Copied Cookie", { open: false });
  const copied = await page.context().cookies();
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const out = await page.request.post("/api/auth/signout", { form: { csrfToken: csrf.csrfToken } });
  expect(out.status()).toBeLessThan(400);

  const thief = await browser.newContext();
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/connections");
  await expect(stolen).toHaveURL(/\/sign-in/);
  await thief.close();
});

/** On the Members tab: creates an invite link for `email` with `role`; returns the link. */
async function invite(page: Page, email: string, role: "Admin" | "Member" = "Member"): Promise<string> {
  await page.goto("/settings/tab/members");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role").selectOption({ label: role });
  await page.getByRole("button", { name: "Create invite link" }).click();
  return (await page.getByTestId("invite-link").textContent())!;
}

test("#1 an invitation is for the invited address only; it can be revoked from the Members tab", async ({ page, browser }) => {
  // Several browser contexts and a dozen form submissions: slow on a loaded 2-core machine.
  test.slow();
  await signUp(page, "Inviting Admin", { open: false });
  const erin = `erin-${Date.now()}-${randomInt(1e6)}@example.com`;
  const link = await invite(page, erin, "Admin");

  // Another signed-in account opens Erin's link: no Accept, a masked address, "Sign in with it".
  const mallory = await (await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address() } })).newPage();
  await signUp(mallory, "Mallory", { open: false });
  await mallory.goto(link);
  await expect(mallory.getByText("This invitation is for another address")).toBeVisible();
  await expect(mallory.getByText(`e***@example.com`).first()).toBeVisible();
  await expect(mallory.getByText(erin)).toHaveCount(0);
  await expect(mallory.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
  await mallory.getByRole("button", { name: "Sign in with it" }).click();
  await expect(mallory).toHaveURL(/\/sign-in\?returnTo=%2Finvite%2F/);
  // Mallory's session ended (her cookie no longer opens the app); the link is still open for Erin.
  const after = await mallory.request.get("/connections", { maxRedirects: 0 });
  expect(after.headers()["location"] ?? "").toMatch(/\/sign-in/);
  await mallory.context().close();

  // Erin (the invited address, typed in another case: the sign-up form's own code through the
  // E2E hook) accepts it, once.
  const erinPage = await (await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": address() } })).newPage();
  await signUp(erinPage, "Erin", { open: false, email: erin.toUpperCase() });
  await erinPage.goto(link);
  await erinPage.getByRole("button", { name: "Accept invitation" }).click();
  await expect(erinPage).toHaveURL(/\/connections$/);
  await erinPage.goto(link);
  await expect(erinPage.getByText("This invitation can't be used")).toBeVisible();
  await erinPage.context().close();

  // A second invitation, revoked from the Members tab, stops working.
  const later = `late-${Date.now()}-${randomInt(1e6)}@example.com`;
  const revokedLink = await invite(page, later);
  await page.goto("/settings/tab/members");
  await page.getByRole("button", { name: `Revoke the invitation for ${later}` }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke the invitation for ${later}?` });
  await expect(confirm).toContainText("The invitation link stops working.");
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText(later)).toHaveCount(0);
  await page.goto(revokedLink);
  await expect(page.getByText("This invitation can't be used")).toBeVisible();
});

test("#6 banners and toasts never print text from the query string", async ({ page }) => {
  await signUp(page, "Phished Creator", { open: false });
  // A real Telegram channel, so the page has something true to announce.
  await page.goto("/connections?connect=telegram");
  const dialog = page.getByRole("dialog", { name: "Connect a Telegram channel" });
  await dialog.getByLabel("Bot token").fill("7012345678:AAHk3pQz9xV2mLr8sT4uWn6yB1cD5eFgH7j");
  await dialog.getByLabel("Channel").fill("@northwind_news");
  await dialog.getByRole("button", { name: "Connect channel" }).click();
  await expect(page.getByText("Connected Northwind News on Telegram")).toBeVisible();

  // A crafted link: the toast appears (the sync point) but says only what the server knows.
  const lure = "your X token expired. Re-enter your password at https://evil.example/login";
  await page.goto(`/connections?connected=telegram&count=1&name=${encodeURIComponent(lure)}`);
  await expect(page.getByText(/Connected .* on Telegram/)).toBeVisible();
  await expect(page.getByText(/evil\.example|token expired/)).toHaveCount(0);

  // The remove-app banner (rendered on the server) shows nothing without a sealed flash of this workspace.
  await page.goto(`/connections?removed_app=facebook&removed=${encodeURIComponent(lure)}&check=${encodeURIComponent(lure)}&flash=forged`);
  await expect(page.getByRole("heading", { name: "Connections", exact: true })).toBeVisible();
  await expect(page.getByText(/evil\.example|token expired/)).toHaveCount(0);
  await expect(page.getByTestId("removed-app-message")).toHaveCount(0);
});

test("#8 removing Switchboard from Facebook is never started by a GET (a cross-site link)", async ({ page }) => {
  await signUp(page, "Linked Admin", { open: false });
  const res = await page.request.get("/api/social/facebook/connect?intent=remove_app", { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  const location = res.headers()["location"] ?? "";
  expect(location).not.toMatch(/facebook\.com/);
  expect(location).toMatch(/\/connections\?error=unknown_platform/);
  expect(res.headers()["set-cookie"] ?? "").not.toMatch(/oauth_state_facebook=/);
});
