import { expect, linkMetaPageByRequest, test, type APIRequestContext, type Page, signUp } from "./support/test";
import { ageRows } from "./support/app";
import { APP_URL, SANDBOX_URL } from "./support/urls";

// Organizations link a Facebook Page for Messenger and Instagram DMs (issue 6), through the sandbox.

const FACEBOOK_APP_ID = "100000000000001";

/** Opens the Integrations tab and starts Connect with Facebook; lands on the sandbox consent page. */
async function startConnect(page: Page) {
  await page.goto("/settings/tab/integrations");
  const button = page.getByRole("button", { name: /Connect with Facebook|Connect a different Page|Connect again|Reconnect Facebook/ }).first();
  // Until the card hydrates a click does nothing; retry until Facebook's dialog opens.
  await expect(async () => {
    await button.click({ timeout: 2_000 });
    await expect(page).toHaveURL(/www\.facebook\.com\/v\d+\.0\/dialog\/oauth/, { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
}

/** On the consent page: continue as the sandbox user whose name matches, then Allow or Cancel. */
async function consent(page: Page, userName: string, decision: "Allow" | "Cancel" = "Allow") {
  const radio = page.getByRole("radio", { name: new RegExp(userName) });
  if (!(await radio.isChecked())) {
    await radio.check();
    await expect(page.getByRole("radio", { name: new RegExp(userName) })).toBeChecked();
  }
  await page.getByRole("button", { name: decision, exact: true }).click();
}

/** Ticks a Page in the picker (again, if the picker hydrated after the first tick). */
async function pick(page: Page, name: RegExp) {
  const picker = page.getByTestId("meta-page-picker");
  await expect(async () => {
    await picker.getByRole("radio", { name }).check({ timeout: 2_000 });
    await expect(picker.getByRole("button", { name: "Save" })).toBeEnabled({ timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
}

async function sandboxSubscriptions(request: APIRequestContext) {
  const res = await request.get(`${SANDBOX_URL}/__sandbox/subscriptions`);
  return (await res.json()) as {
    app: Record<string, Record<string, { callbackUrl: string; fields: string[]; active: boolean }>>;
    pages: Record<string, string[]>;
  };
}

test.beforeEach(async ({ request }) => {
  // Meta verifies the webhook URL while we subscribe; compile the route first so a cold dev server answers in time.
  expect((await request.get(`${APP_URL}/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status()).toBe(403);
});

test("the webhook verification echoes hub.challenge only for our verify token", async ({ request }) => {
  const ok = await request.get(`${APP_URL}/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=sandbox-verify-token&hub.challenge=12345`);
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toBe("12345");
  const wrong = await request.get(`${APP_URL}/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=12345`);
  expect(wrong.status()).toBe(403);
});

test("one Page is saved at once and the sandbox records both webhook subscriptions", async ({ page, request }) => {
  await signUp(page, "Owner One", { open: false });
  await startConnect(page);
  await consent(page, "Maya Chen");
  await expect(page).toHaveURL(/\/settings\/tab\/integrations$/);
  await expect(page.getByTestId("meta-page-name")).toHaveText("Maya's Bakery");
  await expect(page.getByTestId("meta-instagram")).toHaveText("Instagram @mayasbakery");
  await expect(page.getByTestId("meta-webhook-status")).toHaveText("Subscribed");
  await expect(page.getByTestId("meta-token-health")).toContainText("Active");

  const subs = await sandboxSubscriptions(request);
  expect(subs.pages["104857392016482"]).toEqual(["messages", "message_deliveries", "message_reads", "message_echoes"]);
  const app = subs.app[FACEBOOK_APP_ID]!;
  expect(app.page).toMatchObject({ callbackUrl: `${APP_URL}/api/webhooks/meta`, active: true });
  expect(app.page!.fields).toEqual(expect.arrayContaining(["messages", "message_deliveries", "message_reads", "message_echoes"]));
  expect(app.instagram).toMatchObject({ callbackUrl: `${APP_URL}/api/webhooks/meta`, active: true });
  expect(app.instagram!.fields).toContain("messages");

  // No token reaches the page.
  expect(await page.content()).not.toMatch(/EAA[A-Za-z0-9]{8,}/);
});

test("a user whose only Page belongs to a Business Portfolio still gets it", async ({ page }) => {
  await signUp(page, "Owner Portfolio", { open: false });
  await startConnect(page);
  await consent(page, "Tomás Herrera");
  await expect(page).toHaveURL(/\/settings\/tab\/integrations$/);
  await expect(page.getByTestId("meta-page-name")).toHaveText("Herrera Studio");
  await expect(page.getByTestId("meta-instagram")).toHaveText("Instagram @herrera.studio");
});

test("three Pages open the picker with names and 'No Instagram account'; the picked one is saved", async ({ page, request }) => {
  await signUp(page, "Owner Three", { open: false });
  await startConnect(page);
  await consent(page, "Lucas Oliveira");
  await expect(page).toHaveURL(/meta_select_page=true/);
  const picker = page.getByTestId("meta-page-picker");
  await expect(picker.getByRole("radio")).toHaveCount(3);
  await expect(picker.getByText("Oliveira Coffee Roasters")).toBeVisible();
  await expect(picker.getByText("Instagram @oliveira.coffee")).toBeVisible();
  await expect(picker.getByText("Lisbon Street Food Tours")).toBeVisible();
  await expect(picker.getByText("Oliveira Family Notes")).toBeVisible();
  await expect(picker.getByText("No Instagram account")).toHaveCount(1);
  expect(await page.content()).not.toMatch(/EAA[A-Za-z0-9]{8,}/);

  // The same list over the API: ids, names, pictures and usernames only.
  const api = await page.request.get("/api/integrations/meta/pending-pages");
  expect(api.status()).toBe(200);
  const body = await api.json();
  expect(body.pages.map((p: { name: string }) => p.name)).toEqual(["Oliveira Coffee Roasters", "Lisbon Street Food Tours", "Oliveira Family Notes"]);
  expect(JSON.stringify(body)).not.toMatch(/access_token|accessToken|EAA/);

  await pick(page, /Lisbon Street Food Tours/);
  await picker.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/settings\/tab\/integrations$/);
  await expect(page.getByTestId("meta-page-name")).toHaveText("Lisbon Street Food Tours");
  await expect(page.getByTestId("meta-instagram")).toHaveText("Instagram @lisbonfoodtours");
  await expect(page.getByTestId("meta-webhook-status")).toHaveText("Subscribed");
  expect((await sandboxSubscriptions(request)).pages["109384756102938"]).toContain("messages");
});

test("a Facebook account without Pages is told what to do", async ({ page }) => {
  await signUp(page, "Owner None", { open: false });
  await startConnect(page);
  await consent(page, "Noah Fischer");
  await expect(page).toHaveURL(/meta_error=no_pages/);
  await expect(page.getByTestId("meta-error")).toContainText("doesn't manage any Page");
  await expect(page.getByRole("button", { name: "Connect with Facebook" })).toBeVisible();
});

test("cancelling the Facebook dialog connects nothing and says so", async ({ page }) => {
  await signUp(page, "Owner Cancel", { open: false });
  await startConnect(page);
  await consent(page, "Maya Chen", "Cancel");
  await expect(page).toHaveURL(/meta_error=consent_denied/);
  await expect(page.getByTestId("meta-error")).toContainText("You cancelled the Facebook dialog");
  await expect(page.getByText("No Facebook Page is connected.")).toBeVisible();
});

test("opening the same callback URL twice is refused the second time", async ({ page }) => {
  await signUp(page, "Owner Twice", { open: false });
  await startConnect(page);
  let callbackUrl = "";
  page.on("request", (r) => {
    if (r.url().includes("/integrations/meta-messaging/oauth/callback")) callbackUrl = r.url();
  });
  await consent(page, "Maya Chen");
  await expect(page.getByTestId("meta-page-name")).toHaveText("Maya's Bakery");
  expect(callbackUrl).toContain("state=");
  // The callback answers with a 303 to a clean URL, without caching (O7).
  const again = await page.request.get(callbackUrl, { maxRedirects: 0 });
  expect(again.status()).toBe(303);
  expect(again.headers()["cache-control"]).toBe("no-store");
  expect(again.headers()["location"]).not.toMatch(/code=|state=/);
  await page.goto(callbackUrl);
  await expect(page).toHaveURL(/meta_error=state_/);
  await expect(page.getByTestId("meta-error")).toBeVisible();
});

test("the callback answers with Referrer-Policy: no-referrer (O7)", async ({ request }) => {
  // Config headers override route headers: next.config.mjs must name this path (it does).
  const res = await request.get(`${APP_URL}/integrations/meta-messaging/oauth/callback?state=x&code=y`, { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()["referrer-policy"]).toBe("no-referrer");
});

test("disconnect removes the connection and unsubscribes the Page", async ({ page, request }) => {
  await signUp(page, "Owner Disconnect", { open: false });
  // The connect itself is tested above; here it is only the starting point.
  await page.goto(await linkMetaPageByRequest(page, "Maya Chen"));
  await expect(page.getByTestId("meta-webhook-status")).toHaveText("Subscribed");
  expect((await sandboxSubscriptions(request)).pages["104857392016482"]).toBeDefined();

  // A dev server may still be hydrating the card: click until the confirmation shows.
  await expect(async () => {
    await page.getByRole("button", { name: "Disconnect" }).click();
    await expect(page.getByRole("group", { name: "Confirm disconnect" })).toContainText("Maya's Bakery", { timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
  await page.getByRole("button", { name: "Yes, disconnect" }).click();
  await expect(page.getByText("No Facebook Page is connected.")).toBeVisible();
  expect((await sandboxSubscriptions(request)).pages["104857392016482"]).toBeUndefined();
  await page.reload();
  await expect(page.getByText("No Facebook Page is connected.")).toBeVisible();
});

test("after Facebook stops accepting the Page's access, Check now shows Needs reconnect and what to do", async ({ page, request }) => {
  await signUp(page, "Owner Revoked", { open: false });
  // The connect itself is tested above; here it is only the starting point.
  await page.goto(await linkMetaPageByRequest(page, "Maya Chen"));
  await expect(page.getByTestId("meta-token-health")).toContainText("Active");
  await expect(page.getByTestId("meta-webhook-detail").first()).toContainText("Subscribed at");

  // Maya changes her Facebook password: every token she gave the app dies (Meta answers 190/460).
  const revoked = await request.post(`${SANDBOX_URL}/__sandbox/tokens/revoke`, {
    data: { provider: "facebook", userId: "10160938475610293", reason: "password_changed" },
  });
  expect((await revoked.json()).revoked).toBeGreaterThan(0);

  // The same reconcile the hourly job runs, for this organization. Click until the card has hydrated.
  await expect(async () => {
    await page.getByRole("button", { name: "Check now" }).click({ timeout: 2_000 });
    await expect(page.getByTestId("meta-check-result")).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  await expect(page.getByTestId("meta-check-result")).toContainText("no longer accepts");
  await expect(page.getByTestId("meta-token-health")).toHaveText("Needs reconnect");
  await expect(page.getByTestId("meta-reconnect-guidance")).toContainText("Click Reconnect Facebook below");
  await expect(page.getByTestId("meta-webhook-detail")).toContainText(["error 190/460"]);
  await expect(page.getByRole("button", { name: "Reconnect Facebook" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry subscription" })).toHaveCount(0);

  // It is on the row, not only in the button's answer.
  await page.reload();
  await expect(page.getByTestId("meta-token-health")).toHaveText("Needs reconnect");

  // Reconnecting fixes it.
  await startConnect(page);
  await consent(page, "Maya Chen");
  await expect(page).toHaveURL(/\/settings\/tab\/integrations$/);
  await expect(page.getByTestId("meta-token-health")).toContainText("Active");
  await expect(page.getByTestId("meta-webhook-status")).toHaveText("Subscribed");
});

test("a member sees the state read-only and cannot connect (403)", async ({ page, browser }) => {
  // The member has an account of their own (the sign-up form: e2e/auth.spec.ts).
  const other = await browser.newContext();
  const member = await other.newPage();
  const memberEmail = await signUp(member, "Member Mo", { open: false });

  await signUp(page, "Owner Team", { open: false });
  await page.goto("/settings/tab/members");
  await page.getByLabel("Email").fill(memberEmail);
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!;

  await member.goto(link);
  await member.getByRole("button", { name: "Accept invitation" }).click();
  await expect(member).toHaveURL(/\/connections$/);

  await member.goto("/settings/tab/integrations");
  await expect(member.getByTestId("meta-read-only")).toBeVisible();
  await expect(member.getByRole("button", { name: /Connect with Facebook/ })).toHaveCount(0);
  const res = await member.request.get("/api/integrations/meta/oauth-url");
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("forbidden");
  const disconnect = await member.request.post("/api/integrations/meta/disconnect", { data: {} });
  expect(disconnect.status()).toBe(403);
  await other.close();
});

test("a Page list older than 5 minutes is refused and offers Connect again", async ({ page, request }) => {
  // The TTL is checked against the database clock (expires_at > now()): the app moves this
  // person's list 5 minutes back, as if the time had passed (e2e/support/app.ts), and the
  // sandbox clock moves by as much, so Facebook's side (codes, tokens) agrees.
  const email = await signUp(page, "Owner Slow", { open: false });
  await startConnect(page);
  await consent(page, "Lucas Oliveira");
  await expect(page.getByTestId("meta-page-picker").getByRole("radio")).toHaveCount(3);
  // One pending choice holds the whole list (lib/pending-choices.ts).
  expect(await ageRows(request, { table: "pending_choices", email, seconds: 302 })).toBe(1);
  await request.post(`${SANDBOX_URL}/__sandbox/clock`, { data: { advanceSeconds: 302 } });

  await pick(page, /Oliveira Coffee Roasters/);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("This list of Pages has expired")).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect again" })).toBeVisible();
  const api = await page.request.get("/api/integrations/meta/pending-pages");
  expect([404, 410]).toContain(api.status());
  await page.goto("/settings/tab/integrations");
  await expect(page.getByText("No Facebook Page is connected.")).toBeVisible();
});
