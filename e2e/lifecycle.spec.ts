import { createHmac } from "node:crypto";
import { sandboxAppEnv } from "../scripts/sandbox-env";
import { connectByRequest, expect, test, type APIRequestContext, type Page, signUp } from "./support/test";
import { ageRows, runJob, untilUnread } from "./support/app";
import { SANDBOX_URL } from "./support/urls";

// Lifecycle (issue 14): expiry warnings in the bell and by email, the invitation email, Meta's
// data-deletion status page.

interface Mail {
  envelope: { to: string[] };
  subject: string;
  text: string | null;
  links: string[];
}

async function mailTo(request: APIRequestContext, address: string): Promise<Mail[]> {
  const res = await request.get(`${SANDBOX_URL}/__sandbox/mail.json?to=${encodeURIComponent(address)}`);
  return ((await res.json()) as { data: Mail[] }).data;
}

/** A LinkedIn profile through its real flow, by request (its Connect menu and consent UI: e2e/connect-linkedin.spec.ts). */
async function connectLinkedInProfile(page: Page) {
  expect(await connectByRequest(page, "/api/social/linkedin/connect?target=personal", "Priya Raman")).toMatch(/\/connections\?connected=/);
}

test("a LinkedIn token with 9 days left: the bell and an email warn once; the Reconnect link renews it", async ({ page, request }) => {
  const email = await signUp(page, "Erin Expiry", { open: false });
  await connectLinkedInProfile(page);
  await page.goto("/connections");
  await expect(page.getByTestId("notification-bell")).toHaveAccessibleName("Notifications");

  // LinkedIn gives this app no refresh token: its 60 days are all it has. 51 of them pass.
  expect(await ageRows(request, { table: "social_connections", email, seconds: 51 * 86_400 })).toBe(1);
  await runJob(request, "connection-expiry-check");
  await untilUnread(page, "/connections", 1);
  await page.goto("/connections");
  await expect(page.getByTestId("notification-count")).toHaveText("1");
  // The job again (the next hour): still one.
  await runJob(request, "connection-expiry-check");

  // The shell's banner names it with the one next action.
  const banner = page.getByTestId("attention-banner");
  await expect(banner.getByTestId("attention-message")).toHaveText("Priya Raman (LinkedIn) expires in 9 days.");
  await expect(banner.getByRole("link", { name: "Reconnect" })).toBeVisible();
  await expect(page.getByTestId("connection-card").getByText("Expires in 9 days")).toBeVisible();

  // One email, to this person, with the same Reconnect link.
  await expect.poll(async () => (await mailTo(request, email)).length, { timeout: 30_000 }).toBe(1);
  const [mail] = await mailTo(request, email);
  expect(mail!.subject).toBe("Priya Raman (LinkedIn) expires in 9 days");
  expect(mail!.text).toMatch(/Reconnect: http:\/\/localhost:\d+\/api\/social\/linkedin\/connect\?target=personal&reconnect=[0-9a-f-]{36}/);

  await page.getByTestId("notification-bell").click();
  await expect(page).toHaveURL(/\/notifications$/);
  const item = page.getByTestId("notification");
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute("data-read", "false");
  await expect(item).toContainText("Priya Raman (LinkedIn) expires in 9 days");
  await item.getByRole("link", { name: "Reconnect" }).click();
  await expect(page).toHaveURL(/www\.linkedin\.com\/oauth\/v2\/authorization/);
  await page.getByRole("radio", { name: /Priya Raman/ }).check();
  await page.getByRole("button", { name: "Allow", exact: true }).click();

  await expect(page).toHaveURL(/\/connections/);
  const card = page.getByTestId("connection-card").filter({ hasText: "Priya Raman" });
  await expect(card).toHaveCount(1);
  await expect(card.getByText("Active")).toBeVisible();
  await expect(page.getByTestId("attention-banner")).toHaveCount(0);
  // Opening it read it.
  await expect(page.getByTestId("notification-count")).toHaveCount(0);
  expect(await mailTo(request, email)).toHaveLength(1);
});

test("mark read, mark all read, and the email setting per kind", async ({ page, request }) => {
  const email = await signUp(page, "Mo Markread", { open: false });
  await connectLinkedInProfile(page);
  await ageRows(request, { table: "social_connections", email, seconds: 61 * 86_400 });
  await page.goto("/notifications/settings");
  // Expired ones no longer by email.
  await page.getByRole("checkbox", { name: /A connection expired/ }).uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await runJob(request, "connection-expiry-check");
  await untilUnread(page, "/notifications", 1);
  await page.goto("/notifications");
  await expect(page.getByTestId("notification")).toHaveCount(1);
  await expect(page.getByTestId("notification")).toContainText("Priya Raman (LinkedIn) expired");
  await expect(page.getByTestId("attention-message")).toHaveText("Priya Raman (LinkedIn) expired.");
  await page.getByRole("button", { name: "Mark read" }).click();
  await expect(page.getByTestId("notification")).toHaveAttribute("data-read", "true");
  await expect(page.getByTestId("notification-count")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Mark all read" })).toBeDisabled();
  await page.goto("/notifications/settings");
  await expect(page.getByRole("checkbox", { name: /A connection expired/ })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: /about to expire/ })).toBeChecked();
  expect(await mailTo(request, email)).toHaveLength(0);
});

test("an invitation email arrives in the sandbox mailbox and its link joins the workspace as the invited address", async ({ page, browser, request }) => {
  // The invited person already has an account (the sign-up form: e2e/auth.spec.ts).
  const other = await browser.newContext();
  const guest = await other.newPage();
  const invited = await signUp(guest, "Ivo Invited", { open: false });

  await signUp(page, "Ines Inviter", { open: false });
  await page.goto("/settings/tab/members");
  await page.getByLabel("Email").fill(invited);
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(page.getByText(`Invitation emailed to ${invited}`)).toBeVisible();
  const copyable = (await page.getByTestId("invite-link").textContent())!;

  await expect.poll(async () => (await mailTo(request, invited)).length, { timeout: 30_000 }).toBe(1);
  const [mail] = await mailTo(request, invited);
  expect(mail!.subject).toBe("Join Ines's workspace on Switchboard");
  expect(mail!.links).toContain(copyable);

  await guest.goto(mail!.links[0]!);
  await guest.getByRole("button", { name: "Accept invitation" }).click();
  await expect(guest).toHaveURL(/\/connections$/);
  await expect(guest.getByTestId("current-org")).toHaveText("Ines's workspace");
  await other.close();

  // The mailbox page shows it too.
  await page.goto(`${SANDBOX_URL}/__sandbox/mail?to=${encodeURIComponent(invited)}`);
  await expect(page.getByTestId("mail")).toContainText("Join Ines's workspace on Switchboard");
});

test("W5: Meta's data-deletion callback answers a status URL that works; a forged one is refused", async ({ request, page }) => {
  const secret = sandboxAppEnv(SANDBOX_URL).FACEBOOK_APP_SECRET!;
  const body = Buffer.from(JSON.stringify({ algorithm: "HMAC-SHA256", user_id: "10160938475610299", issued_at: Math.floor(Date.now() / 1000) })).toString("base64url");
  const sign = (key: string) => `${createHmac("sha256", key).update(body).digest("base64url")}.${body}`;
  const forged = await request.post("/api/meta/data-deletion", { form: { signed_request: sign("wrong-secret") } });
  expect(forged.status()).toBe(401);
  const res = await request.post("/api/meta/data-deletion", { form: { signed_request: sign(secret) } });
  expect(res.status()).toBe(200);
  const { url, confirmation_code } = (await res.json()) as { url: string; confirmation_code: string };
  await page.goto(url);
  await expect(page.getByTestId("confirmation-code")).toHaveText(confirmation_code);
  await expect(page.getByTestId("deletion-status")).toHaveText("Completed");
  await expect(page.getByTestId("deletion-summary")).toHaveText("Switchboard held no data for this account; nothing needed to be deleted.");
  const unknown = await request.get("/data-deletion/0000000000000000");
  expect(unknown.status()).toBe(404);
});
