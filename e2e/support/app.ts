import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { APP_URL } from "./urls";

/**
 * Moves the timestamps of this person's rows in `table` back by `seconds`, as if the time had
 * passed (the E2E app's POST /api/e2e-hooks/age; tables in lib/e2e-hooks/age.ts). Works on the
 * embedded database and on PostgreSQL alike; returns how many rows moved.
 */
export async function ageRows(request: APIRequestContext, input: { table: string; email: string; seconds: number }): Promise<number> {
  const res = await request.post(`${APP_URL}/api/e2e-hooks/age`, { data: input });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { aged: number }).aged;
}

/** Runs one of the app's scheduled jobs now (POST /api/e2e-hooks/run-job); the app's own worker picks it up. */
export async function runJob(request: APIRequestContext, queue: string): Promise<void> {
  const res = await request.post(`${APP_URL}/api/e2e-hooks/run-job`, { data: { queue } });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * Waits until the app renders `path` for this page's session with its bell at `unread` unread
 * notifications (a job's or a webhook's effect), polling the server's HTML instead of loading the
 * page in the browser on every try; then open the page once to check it.
 */
export async function untilUnread(page: Page, path: string, unread: number): Promise<void> {
  await expect
    .poll(async () => (await (await page.request.get(path)).text()).includes(`Notifications, ${unread} unread`), { timeout: 30_000 })
    .toBe(true);
}
