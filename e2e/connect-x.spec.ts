import { expect, test, type Page, signUp } from "./support/test";

// Creators connect X through OAuth 2.0 + PKCE at the sandbox's x.com (issue 4).

const TOKEN_MARKERS = /access_token|refresh_token|code_verifier|[A-Za-z0-9_-]{40,}:\d{13}:1:1:(at|rt)/;

test("a creator connects X: Connect → X consent → Allow → the card shows the account's name, handle and avatar", async ({ page }) => {
  await signUp(page, "Xena Creator");
  await expect(page.getByText("No connections yet")).toBeVisible();
  await page.getByRole("button", { name: /Connect your first account/ }).click();
  await page.getByRole("menuitem", { name: /^X\b/ }).click();

  await expect(page).toHaveURL(/\/x\.com\/i\/oauth2\/authorize/);
  const q = new URL(page.url()).searchParams;
  expect(q.get("scope")).toBe("tweet.read tweet.write users.read offline.access media.write");
  expect(q.get("code_challenge_method")).toBe("S256");
  expect(page.url()).not.toContain("code_verifier");
  await page.getByRole("button", { name: "Allow", exact: true }).click();

  await expect(page).toHaveURL(/\/connections/);
  await expect(page.getByText("Connected your account on X")).toBeVisible();
  const card = page.getByTestId("connection-card").filter({ hasText: "Ada Okafor" });
  await expect(card).toBeVisible();
  await expect(card.getByText("@adaokafor")).toBeVisible();
  await expect(card.getByText("Active")).toBeVisible();
  // The picture was downloaded at connect and is served by the app (issue 10 #14).
  const avatar = card.getByRole("img", { name: "Ada Okafor's picture" });
  await expect(avatar).toHaveAttribute("src", /^\/api\/connections\/[0-9a-f-]{36}\/avatar\?v=/);
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
  await expect(page).toHaveURL(/\/connections$/);
  expect(await page.content()).not.toMatch(TOKEN_MARKERS);

  // Reconnecting the same account keeps one card.
  await card.getByRole("link", { name: "Reconnect" }).click();
  await page.getByRole("button", { name: "Allow", exact: true }).click();
  await expect(page.getByText("Connected your account on X")).toBeVisible();
  await expect(page.getByTestId("connection-card")).toHaveCount(1);

  // Disconnect asks first, then revokes and removes the card.
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByRole("dialog", { name: "Disconnect Ada Okafor?" })).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByText("No connections yet")).toBeVisible();
});
