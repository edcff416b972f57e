import { expect, test, type Page, signUp, alerts } from "./support/test";
import { SANDBOX_URL } from "./support/urls";

// Creators connect LinkedIn as a profile (personal app) or company pages (company app), one callback (issue 4).

async function chooseMember(page: Page, name: string) {
  const radio = page.getByRole("radio", { name: new RegExp(name) });
  if (!(await radio.isChecked())) {
    await radio.check();
    await expect(page.getByRole("radio", { name: new RegExp(name) })).toBeChecked();
  }
  await page.getByRole("button", { name: "Allow", exact: true }).click();
}

test("a creator connects their LinkedIn profile from the Connect menu, and disconnecting revokes the token at LinkedIn as the dialog says", async ({ page, request }) => {
  await signUp(page, "Lina Profile");
  await page.getByRole("button", { name: /Connect your first account/ }).click();
  await page.getByRole("menuitem", { name: /LinkedIn — Profile/ }).click();
  await expect(page).toHaveURL(/www\.linkedin\.com\/oauth\/v2\/authorization/);
  expect(new URL(page.url()).searchParams.get("scope")).toBe("openid profile w_member_social");
  await chooseMember(page, "Priya Raman");

  const card = page.getByTestId("connection-card").filter({ hasText: "Priya Raman" });
  await expect(card).toBeVisible();
  // The group names the platform; the card says the kind once.
  await expect(page.getByTestId("connection-group").filter({ has: card }).getByRole("heading")).toContainText("LinkedIn");
  await expect(card.getByText("Profile", { exact: true })).toBeVisible();
  await expect(card.getByRole("img", { name: "Priya Raman's picture" })).toBeVisible();
  expect(await page.content()).not.toMatch(/AQV[A-Za-z0-9_-]{10,}|access_token/);

  const revokes = async () => ((await (await request.get(`${SANDBOX_URL}/__sandbox/stats`)).json()) as { counts: Record<string, number> }).counts["www.linkedin.com POST /oauth/v2/revoke"] ?? 0;
  const before = await revokes();
  await page.getByRole("button", { name: "Disconnect" }).click();
  const dialog = page.getByRole("dialog", { name: "Disconnect Priya Raman?" });
  await expect(dialog).toContainText("Switchboard will stop publishing to this LinkedIn profile and revoke its access at LinkedIn.");
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByText("No connections yet")).toBeVisible();
  expect(await revokes()).toBe(before + 1);
});

test("a creator connects a company page: picks one of the two pages they administer", async ({ page }) => {
  await signUp(page, "Lina Company");
  await page.getByRole("button", { name: /Connect your first account/ }).click();
  await page.getByRole("menuitem", { name: /LinkedIn — Company page/ }).click();
  await expect(page).toHaveURL(/www\.linkedin\.com\/oauth\/v2\/authorization/);
  expect(new URL(page.url()).searchParams.get("client_id")).toBe("sandboxlinkedincompany");
  await chooseMember(page, "Daniel Okonkwo");

  await expect(page).toHaveURL(/\/connections\/select\//);
  await expect(page.getByRole("checkbox")).toHaveCount(2);
  expect(await page.content()).not.toMatch(/AQV[A-Za-z0-9_-]{10,}|AQX[A-Za-z0-9_-]{10,}|access_token/);
  // Once the picker has hydrated (its count shows): a tick before that can be lost to hydration.
  await expect(page.getByTestId("picker-count")).toBeVisible();
  await page.getByRole("checkbox", { name: "Northwind Coffee Roasters" }).check();
  await expect(page.getByTestId("picker-count")).toHaveText("1 of 2 selected");
  await page.getByRole("button", { name: /Connect selected/ }).click();

  const card = page.getByTestId("connection-card").filter({ hasText: "Northwind Coffee Roasters" });
  await expect(card).toBeVisible();
  await expect(card.getByText(/Company page/)).toBeVisible();
  await expect(card.getByText(/LinkedIn · Company page/)).toHaveCount(0);
  await expect(page.getByTestId("connection-card")).toHaveCount(1);
});

test("a company app without Community Management approval explains what to do", async ({ page }) => {
  await signUp(page, "Lina Denied", { open: false });
  await page.goto("/api/social/linkedin/connect?target=company");
  await chooseMember(page, "Sofia Lindqvist");
  await expect(alerts(page).filter({ hasText: "Community Management API" })).toBeVisible();
  await expect(page.getByText("No connections yet")).toBeVisible();
});
