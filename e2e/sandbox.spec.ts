import { expect, test } from "./support/test";
import { APP_URL, SANDBOX_URL } from "./support/urls";

// The sandbox's consent pages are real HTML a person clicks through, like the providers'.
const dialog = (redirectPath: string) =>
  `${SANDBOX_URL}/www.facebook.com/v24.0/dialog/oauth?` +
  new URLSearchParams({
    client_id: "100000000000001",
    redirect_uri: `${APP_URL}${redirectPath}`,
    state: "e2e-state",
    response_type: "code",
    scope: "pages_show_list,business_management",
  });

test("the sandbox's Facebook dialog shows the user, the scopes and the Pages, and Cancel returns Meta's error", async ({ page }) => {
  await page.goto(dialog("/api/social/facebook/callback"));
  await expect(page.getByRole("heading", { name: "Switchboard (sandbox) is requesting access" })).toBeVisible();
  await expect(page.getByText("Maya Chen", { exact: true })).toBeVisible();
  await expect(page.getByText("business_management")).toBeVisible();
  await expect(page.getByText("Maya's Bakery")).toBeVisible();

  const redirected = page.waitForRequest((r) => r.url().startsWith(`${APP_URL}/api/social/facebook/callback`));
  await page.getByRole("button", { name: "Cancel" }).click();
  const url = new URL((await redirected).url());
  expect(url.searchParams.get("error")).toBe("access_denied");
  expect(url.searchParams.get("error_reason")).toBe("user_denied");
  expect(url.searchParams.get("error_description")).toBeTruthy();
  expect(url.searchParams.get("state")).toBe("e2e-state");
});

test("a redirect URI the app did not register gets an error page at the provider, not a redirect", async ({ page }) => {
  await page.goto(dialog("/somewhere-else"));
  await expect(page).toHaveURL(/127\.0\.0\.1/);
  await expect(page.getByText(/redirect/i).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Allow" })).toHaveCount(0);
});
