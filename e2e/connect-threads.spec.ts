import { expect, test, type Page, signUp } from "./support/test";
import { SANDBOX_URL } from "./support/urls";

// Creators connect Threads: threads.net consent → graph.threads.net code + long-lived exchange (issue 4).

test("a creator connects Threads and sees the account's name, @username and picture", async ({ page, request }) => {
  await signUp(page, "Theo Threads");
  await page.getByRole("button", { name: /Connect your first account/ }).click();
  await page.getByRole("menuitem", { name: /^Threads/ }).click();
  await expect(page).toHaveURL(/threads\.net\/oauth\/authorize/);
  expect(new URL(page.url()).searchParams.get("scope")).toBe("threads_basic,threads_content_publish");
  await page.getByRole("button", { name: "Allow", exact: true }).click();

  const card = page.getByTestId("connection-card").filter({ hasText: "Ava Martins" });
  await expect(card).toBeVisible();
  await expect(card.getByText("@ava.bakes")).toBeVisible();
  await expect(card.getByRole("img", { name: "Ava Martins's picture" })).toBeVisible();
  expect(await page.content()).not.toMatch(/THAA[A-Za-z0-9_-]{10,}|access_token/);

  const stats = ((await (await request.get(`${SANDBOX_URL}/__sandbox/stats`)).json()) as { counts: Record<string, number> }).counts;
  expect(stats["graph.threads.net POST /oauth/access_token"]).toBe(1);
  expect(stats["graph.threads.net GET /access_token"]).toBe(1);
});
