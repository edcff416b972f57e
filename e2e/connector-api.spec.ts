import { allowConsent, expect, signUp, test, type Page } from "./support/test";
import { APP_URL, SANDBOX_URL } from "./support/urls";

// A program drives a Facebook-Marketing connector (issue 16): an admin creates an API key in
// Settings, the end user's consent happens in a real browser, the program reads through the API.

const ACT = "act_193847561029384";

async function createKey(page: Page, name: string): Promise<string> {
  await page.goto("/settings/tab/api-keys");
  await page.getByLabel("Name").fill(name);
  const key = page.getByTestId("new-api-key");
  // Until the form hydrates a click may post nothing; retry until the key shows.
  await expect(async () => {
    await page.getByRole("button", { name: "Create key" }).click({ timeout: 2_000 });
    await expect(key).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  return (await key.textContent())!.trim();
}

test.beforeEach(async ({ request }) => {
  await request.post(`${SANDBOX_URL}/__sandbox/reset`);
});

test("an admin creates a key (shown once), a program runs server-side OAuth with the consent in the browser, then reads campaigns and insights; a revoked key is 401", async ({ page, request }) => {
  await signUp(page, "Pat Program", { open: false });
  const key = await createKey(page, "Reporting agent");
  expect(key).toMatch(/^sk_live_[\w-]{40,}$/);

  // Listed by its prefix with created and last-used time; the whole key is never in the page again (S4).
  await page.reload();
  const row = page.getByTestId("api-key-row").filter({ hasText: "Reporting agent" });
  await expect(row).toContainText(key.slice(0, 16));
  await expect(row).toContainText("never");
  expect(await page.content()).not.toContain(key);

  await page.getByLabel("Origin").fill(APP_URL);
  await page.getByRole("button", { name: "Allow origin" }).click();
  await expect(page.getByText(APP_URL, { exact: true })).toBeVisible();

  const auth = { authorization: `Bearer ${key}` };
  const initiate = await request.post("/api/v1/integrations/connectors/oauth/initiate", {
    headers: auth,
    data: { external_user_id: "customer-42", connector_type: "Facebook-Marketing", redirect_url: `${APP_URL}/oauth-done` },
  });
  expect(initiate.status()).toBe(200);
  const { consent_url } = (await initiate.json()) as { consent_url: string };

  // The end user: opens the link, signs in to Facebook (the sandbox) and allows.
  await page.goto(consent_url);
  await expect(page).toHaveURL(/www\.facebook\.com\/v\d+\.0\/dialog\/oauth/);
  await expect(page.getByText("ads_read")).toBeVisible();
  await allowConsent(page, "Grace Okafor");
  await expect(page).toHaveURL(/\/oauth-done\?secret_id=sos_/);
  const secret = new URL(page.url()).searchParams.get("secret_id")!;

  const created = await request.post("/api/v1/integrations/connectors", {
    headers: auth,
    data: { external_user_id: "customer-42", connector_type: "Facebook-Marketing", name: "Okafor", server_side_oauth_secret_id: secret, replication_config: { account_ids: ACT } },
  });
  expect(created.status()).toBe(201);
  const connector = (await created.json()) as { id: string; credential_kind: string };
  expect(connector.credential_kind).toBe("server_side_oauth");

  const run = (entity: string, action: string, params: Record<string, unknown>) =>
    request.post(`/api/v1/integrations/connectors/${connector.id}/execute`, { headers: auth, data: { entity, action, params } });
  const campaigns = await run("campaigns", "list", { account_id: ACT });
  expect(((await campaigns.json()) as { data: unknown[] }).data).toHaveLength(3);
  const insights = await run("ads_insights", "list", { account_id: ACT, level: "campaign", fields: "campaign_name,spend", time_range: { since: "2026-11-01", until: "2026-11-07" } });
  expect(insights.status()).toBe(200);
  expect(((await insights.json()) as { data: Array<{ spend: string }> }).data[0]!.spend).toMatch(/^\d+\.\d\d$/);

  // The secret id was single-use.
  const again = await request.post("/api/v1/integrations/connectors", {
    headers: auth,
    data: { external_user_id: "customer-42", connector_type: "Facebook-Marketing", name: "Again", server_side_oauth_secret_id: secret, replication_config: { account_ids: ACT } },
  });
  expect(again.status()).toBe(400);

  await page.goto("/settings/tab/api-keys");
  await expect(page.getByTestId("api-key-row").filter({ hasText: "Reporting agent" })).not.toContainText("never");
  await expect(async () => {
    await page.getByRole("button", { name: "Revoke Reporting agent" }).click({ timeout: 2_000 });
    await page.getByRole("dialog", { name: "Revoke Reporting agent?" }).getByRole("button", { name: "Revoke" }).click({ timeout: 2_000 });
    await expect(page.getByTestId("api-key-row").filter({ hasText: "Reporting agent" })).toContainText("Revoked", { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  const revoked = await request.get("/api/v1/integrations/connectors", { headers: auth });
  expect(revoked.status()).toBe(401);
});

test("the API reference page lists the entities and links the OpenAPI document", async ({ page, request }) => {
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "Connector API reference" })).toBeVisible();
  await expect(page.locator("#entity-ads_insights")).toContainText("time_range");
  const doc = await request.get("/api/v1/openapi.json");
  expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");
});
