import { expect, signUp, test, type Page } from "./support/test";

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
  await signUp(page, "Avery Agency");
  const link = await newRequest(page, "Northwind Bakery");
  expect(new URL(link).pathname).toMatch(/^\/access\/[\w-]{43}$/);
  await expect(page.getByRole("button", { name: "Copy" })).toBeVisible();
  await page.screenshot({ path: "test-results/agency-clients.png", fullPage: true });

  // Listed with its state; the link's token is never in the page again (S4).
  await page.reload();
  const row = page.getByTestId("access-request-row").filter({ hasText: "Northwind Bakery" });
  await expect(row.getByTestId("access-request-state")).toHaveText("Not opened");
  expect(await page.content()).not.toContain(new URL(link).pathname.split("/").pop()!);

  await row.getByRole("button", { name: "Revoke the link for Northwind Bakery" }).click();
  await expect(row.getByTestId("access-request-state")).toHaveText("Revoked");
});
