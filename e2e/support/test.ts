import { randomInt } from "node:crypto";
import { expect, test as base, type APIResponse, type Locator, type Page } from "@playwright/test";
import { APP_URL, SANDBOX_URL } from "./urls";

export { expect, type APIRequestContext, type BrowserContext, type Locator, type Page } from "@playwright/test";

/**
 * Every test is a different person on a different network: its browser and request contexts
 * send their own `X-Forwarded-For`, so the per-IP limits on sign-up and sign-in (SECURITY A5)
 * count each test on its own instead of the whole run from 127.0.0.1. A test that wants one
 * address for several contexts can override it with `test.use({ clientIp: "…" })`.
 *
 * Each test talks to its worker's own app and sandbox (`baseURL`, `SANDBOX_URL`), and starts
 * with that sandbox reset: clock, knobs, tokens, stats and recorded posts are the defaults, so
 * no test depends on the ones before it (e2e/README.md).
 */
export const test = base.extend<{ clientIp: string; devServerIsSlow: void; freshSandbox: void }>({
  baseURL: async ({}, use) => {
    await use(APP_URL);
  },
  freshSandbox: [
    async ({}, use) => {
      const res = await fetch(`${SANDBOX_URL}/__sandbox/reset`, { method: "POST" });
      if (!res.ok) throw new Error(`sandbox reset answered ${res.status}`);
      await use();
    },
    { auto: true },
  ],
  // `next dev` compiles each route on its first visit, which can take a minute on a busy machine.
  devServerIsSlow: [
    async ({}, use, testInfo) => {
      if (process.env.E2E_DEV === "1") testInfo.slow();
      await use();
    },
    { auto: true },
  ],
  clientIp: async ({}, use) => {
    await use(`10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`);
  },
  extraHTTPHeaders: async ({ extraHTTPHeaders, clientIp }, use) => {
    await use({ ...extraHTTPHeaders, "x-forwarded-for": clientIp });
  },
});

export const PASSWORD = "correct horse battery";

/** An address no other test uses. */
export function uniqueEmail(tag: string): string {
  return `${tag.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Signs up a new person through the form and waits for the empty Connections page; returns their email. */
export async function signUpThroughForm(page: Page, name: string): Promise<string> {
  const email = uniqueEmail(name);
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // The first sign-up compiles the whole signed-in area on a dev server: allow for it.
  await expect(page).toHaveURL(/\/connections$/, { timeout: process.env.E2E_DEV === "1" ? 150_000 : 15_000 });
  return email;
}

/**
 * Signs up a new person and opens their empty Connections page; returns their email. For tests
 * where the sign-up form is not what they check: the E2E app's POST /api/e2e-hooks/sign-up runs
 * the form's own sign-up and sign-in code and sets the session cookie in this page's context,
 * which saves a page load and a form round trip per test (the form: e2e/auth.spec.ts).
 * `{ open: false }` signs in without opening any page, for a test whose next step opens another
 * one (each page load costs Chromium about a third of a CPU-second); `email` as typed in the form.
 */
export async function signUp(page: Page, name: string, options: { open?: boolean; email?: string } = {}): Promise<string> {
  const email = options.email ?? uniqueEmail(name);
  const res = await page.request.post("/api/e2e-hooks/sign-up", { data: { name, email, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  if (options.open === false) return email;
  await page.goto("/connections");
  await expect(page).toHaveURL(/\/connections$/, { timeout: process.env.E2E_DEV === "1" ? 150_000 : 15_000 });
  return email;
}

/**
 * The page's own alerts. A production build also renders Next's empty route announcer with
 * role="alert", which `getByRole("alert")` would match as well.
 */
export function alerts(page: Page): Locator {
  return page.getByRole("alert").and(page.locator(":not(#__next-route-announcer__)"));
}

/** On a sandbox consent page: continue as `user`, untick the named Pages or permissions, then Allow. */
export async function allowConsent(page: Page, user: string, untick: string[] = []): Promise<void> {
  const radio = page.getByRole("radio", { name: new RegExp(user) });
  if (!(await radio.isChecked())) {
    await radio.check();
    await expect(page.getByRole("radio", { name: new RegExp(user) })).toBeChecked();
  }
  for (const name of untick) await page.getByRole("checkbox", { name: new RegExp(`^${name}`) }).uncheck();
  await page.getByRole("button", { name: "Allow", exact: true }).click();
}

const unescapeHtml = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);

/**
 * Allows a sandbox consent dialog without rendering it, for tests where the consent page is not
 * what they check: reads the dialog's HTML as `page`'s context (its cookies), picks `user` as the
 * page's radio would, unticks the named Pages or permissions, and sends the form Allow sends. The
 * provider redirects to the app's callback, which runs as in the browser (the flow cookie is this
 * context's). Returns the URL the callback sends the browser to (the page is not navigated).
 * Every flow's own consent UI is tested with `allowConsent`.
 */
export async function allowConsentByRequest(page: Page, dialogUrl: string, user: string, untick: string[] = []): Promise<string> {
  const get = async (url: string) => {
    const res = await page.request.get(url, { maxRedirects: 0 });
    expect(res.status(), url).toBe(200);
    return res.text();
  };
  let html = await get(dialogUrl);
  // As allowConsent finds the radio by its label (the user's name and detail).
  const users = [...html.matchAll(/<input type="radio" name="sandbox_user" value="([^"]*)"([^>]*)>([\s\S]*?)<\/label>/g)];
  const chosen = users.find((m) => unescapeHtml(m[3]!.replace(/<[^>]*>/g, " ")).includes(user));
  expect(chosen, `${user} on the consent page`).toBeDefined();
  if (!/\bchecked\b/.test(chosen![2]!)) {
    const url = new URL(dialogUrl);
    url.searchParams.set("sandbox_user", unescapeHtml(chosen![1]!));
    html = await get(url.toString());
  }
  const form = /<form method="post" action="([^"]*)" id="consent">([\s\S]*?)<\/form>/.exec(html);
  expect(form, "the consent form").not.toBeNull();
  const fields = new URLSearchParams();
  // Each input with the text of its label (a Page's or a permission's name) up to the label's end.
  for (const m of form![2]!.matchAll(/<input type="(hidden|checkbox)" name="([^"]*)" value="([^"]*)"([^>]*)>([\s\S]*?)(?=<input|<\/label>|$)/g)) {
    const [, type, name, value, attrs, label] = m;
    const text = unescapeHtml(label!.replace(/<[^>]*>/g, "")).trim();
    if (type === "checkbox" && (!/\bchecked\b/.test(attrs!) || untick.some((u) => text.startsWith(u)))) continue;
    fields.append(unescapeHtml(name!), unescapeHtml(value!));
  }
  fields.set("decision", "allow");
  const allow = await page.request.post(unescapeHtml(form![1]!), {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: fields.toString(),
    maxRedirects: 0,
  });
  expect(allow.status(), await allow.text()).toBe(302);
  const callback = await page.request.get(allow.headers()["location"]!, { maxRedirects: 0 });
  expect([302, 303, 307], await callback.text()).toContain(callback.status());
  return new URL(callback.headers()["location"]!, APP_URL).toString();
}

/**
 * Connects through the app's real OAuth flow without rendering a page (`path`: its connect route,
 * e.g. "/api/social/x/connect"): the route's redirect to the provider, then `allowConsentByRequest`.
 * Returns where the callback sends the browser (Connections, or a picker).
 */
export async function connectByRequest(page: Page, path: string, user: string, untick: string[] = []): Promise<string> {
  const start = await page.request.get(path, { maxRedirects: 0 });
  expect([302, 303, 307], await start.text()).toContain(start.status());
  return allowConsentByRequest(page, start.headers()["location"]!, user, untick);
}

/**
 * Links the workspace's Messenger Page through its real flow without rendering a page: the URL
 * the Integrations tab's Connect with Facebook button asks for (GET /api/integrations/meta/oauth-url,
 * which sets the flow cookie), then `allowConsentByRequest`. Returns where the callback lands.
 * The button and the dialog themselves: e2e/meta-messaging.spec.ts.
 */
export async function linkMetaPageByRequest(page: Page, user: string): Promise<string> {
  const res = await page.request.get("/api/integrations/meta/oauth-url", { headers: { accept: "application/json" } });
  expect(res.status(), await res.text()).toBe(200);
  return allowConsentByRequest(page, ((await res.json()) as { url: string }).url, user);
}

/** The headers a server action's request needs besides its body (cookies and X-Forwarded-For come from the context). */
const ACTION_HEADERS = ["accept", "content-type", "next-action", "next-router-state-tree", "origin"];

/**
 * Runs `submit` (a form submitted through the page) and returns a function that sends the same
 * server-action request again from `page`'s context, as a script hammering the form would: the
 * same body, optionally with other headers (e.g. another `x-forwarded-for`). For tests of limits,
 * where the count is the server's and a UI round trip per attempt would only cost time.
 */
export async function replayableAction(page: Page, path: string, submit: () => Promise<void>): Promise<(headers?: Record<string, string>) => Promise<APIResponse>> {
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === path && r.headers()["next-action"] !== undefined),
    submit(),
  ]);
  const sent = await request.allHeaders();
  const keep = Object.fromEntries(Object.entries(sent).filter(([name]) => ACTION_HEADERS.includes(name)));
  const body = request.postDataBuffer() ?? Buffer.alloc(0);
  return (headers = {}) => page.request.post(request.url(), { headers: { ...keep, ...headers }, data: body, maxRedirects: 0 });
}
