import { expect, test, type Page, signUp, alerts } from "./support/test";
import { SANDBOX_URL } from "./support/urls";

// Every connect failure ends on a page that says what happened and what to do (issue 4).

/**
 * Starts an X connect and clicks Allow, but holds the sandbox's redirect back to the app (a
 * redirect target cannot be routed in Playwright, so the consent POST's answer is caught); returns
 * the callback URL the browser would have opened.
 */
async function allowButHoldCallback(page: Page): Promise<string> {
  let held = "";
  const consentUrl = `${SANDBOX_URL}/x.com/i/oauth2/authorize**`;
  await page.route(consentUrl, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const res = await route.fetch({ maxRedirects: 0 });
    held = res.headers()["location"] ?? "";
    await route.fulfill({ status: 200, contentType: "text/html", body: "<p>held</p>" });
  });
  await page.goto("/api/social/x/connect");
  await page.getByRole("button", { name: "Allow", exact: true }).click();
  await expect.poll(() => held).toContain("state=");
  await page.unroute(consentUrl);
  return held;
}

test("cancelling on the consent page says the connection was cancelled and how to retry", async ({ page }) => {
  await signUp(page, "Cancel Case", { open: false });
  await page.goto("/api/social/x/connect");
  await page.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(page).toHaveURL(/\/connections\?error=consent_denied&platform=x$/);
  await expect(alerts(page).filter({ hasText: "Connection cancelled" })).toBeVisible();
  await expect(alerts(page).filter({ hasText: "choose Allow" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Connect again" })).toBeVisible();
  await expect(page.getByText("No connections yet")).toBeVisible();
});

test("opening the same callback URL twice: the second says 'This link was already used'", async ({ page }) => {
  await signUp(page, "Replay Case", { open: false });
  const callback = await allowButHoldCallback(page);
  await page.goto(callback);
  await expect(page.getByTestId("connection-card").filter({ hasText: "Ada Okafor" })).toBeVisible();
  // The callback answered with a clean URL: no code or state left in the address bar.
  expect(page.url()).not.toMatch(/code=|state=/);

  await page.goto(callback);
  await expect(alerts(page).filter({ hasText: "This link was already used" })).toBeVisible();
  await expect(page.getByTestId("connection-card")).toHaveCount(1);
});

test("a tampered state is refused and nothing is connected", async ({ page }) => {
  await signUp(page, "Tamper Case", { open: false });
  const callback = new URL(await allowButHoldCallback(page));
  const state = callback.searchParams.get("state")!;
  callback.searchParams.set("state", (state[0] === "A" ? "B" : "A") + state.slice(1));
  await page.goto(callback.toString());
  await expect(alerts(page).filter({ hasText: "This link does not match your connect" })).toBeVisible();
  await expect(page.getByText("No connections yet")).toBeVisible();
});

test("when the provider is down, the person is told to try again later", async ({ page, request }) => {
  await signUp(page, "Down Case", { open: false });
  await request.post(`${SANDBOX_URL}/__sandbox/knobs`, { data: { overrides: { "api.x.com POST /2/oauth2/token": { failureRate: 1 } } } });
  await page.goto("/api/social/x/connect");
  await page.getByRole("button", { name: "Allow", exact: true }).click();
  await expect(alerts(page).filter({ hasText: "The provider is not answering" })).toBeVisible();
  await expect(page.getByText("No connections yet")).toBeVisible();
});

test("a Telegram bot that is not an administrator of the channel is refused with the fix", async ({ page }) => {
  await signUp(page, "Bot Case", { open: false });
  await page.goto("/connections?connect=telegram");
  const dialog = page.getByRole("dialog", { name: "Connect a Telegram channel" });
  await dialog.getByLabel("Bot token").fill("7012345678:AAHk3pQz9xV2mLr8sT4uWn6yB1cD5eFgH7j");
  await dialog.getByLabel("Channel").fill("@old_northwind");
  await dialog.getByRole("button", { name: "Connect channel" }).click();
  await expect(dialog.getByText(/is not an administrator of @old_northwind.*Post Messages/)).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText("No connections yet")).toBeVisible();
});
