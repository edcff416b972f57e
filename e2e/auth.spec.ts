import { expect, test } from "@playwright/test";

const password = "correct horse battery";
function uniqueEmail(tag: string) {
  return `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

test("a new user signs up, lands on an empty Connections page, signs out and signs in again", async ({ page }) => {
  const email = uniqueEmail("ada");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByRole("heading", { name: "Connections", exact: true })).toBeVisible();
  await expect(page.getByText("No connections yet")).toBeVisible();
  await expect(page.getByTestId("current-org")).toHaveText("Ada's workspace");

  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The old session is over: the signed-in area sends us back to sign in.
  await page.goto("/connections");
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByTestId("user-name")).toHaveText("Ada Lovelace");
});

test("a wrong password, an unknown email, a duplicate sign-up and a weak password each say what is wrong", async ({ page }) => {
  const email = uniqueEmail("grace");
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters for your password.")).toBeVisible();

  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await page.context().clearCookies();

  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Grace Again");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That password is not right. Try again.")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email").fill(uniqueEmail("nobody"));
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("No account uses this email. Check it, or create an account.")).toBeVisible();
});

test("a session cookie is HttpOnly and SameSite=Lax, and each sign-in starts a new session", async ({ page, context }) => {
  const email = uniqueEmail("lin");
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Lin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/connections$/);
  const first = (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(first?.httpOnly).toBe(true);
  expect(first?.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"))).toBeUndefined();

  // Replaying the old cookie after sign-out does not get back in.
  await context.addCookies([first!]);
  await page.goto("/connections");
  await expect(page).toHaveURL(/\/sign-in/);
});
