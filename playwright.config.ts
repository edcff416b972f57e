import { defineConfig, devices } from "@playwright/test";
import { sandboxAppEnv } from "./scripts/sandbox-env";
import { APP_PORT, APP_URL, DATA_DIR, DIST_DIR, e2eSecrets, SANDBOX_PORT, SANDBOX_URL } from "./e2e/support/urls";

// E2E runs a production build of the app against the provider sandbox, on ports of their own.
// Without DATABASE_URL the app uses a fresh embedded database in .data-e2e-<port>/.
// E2E_DEV=1 uses `next dev` instead of a build (faster while iterating); E2E_APP_PORT and
// E2E_SANDBOX_PORT let several runs share a machine.
const appCommand =
  process.env.E2E_DEV === "1"
    ? `rm -rf ${DATA_DIR} && node_modules/.bin/next dev --port ${APP_PORT}`
    : `rm -rf ${DATA_DIR} && node_modules/.bin/next build && node_modules/.bin/next start --port ${APP_PORT}`;

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl && !/@(127\.0\.0\.1|localhost)(:\d+)?\//.test(databaseUrl)) {
  throw new Error("E2E tests seed and wipe data: refusing a non-local DATABASE_URL");
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: process.env.E2E_DEV === "1" ? 180_000 : 60_000,
  // A dev server compiles each page on its first visit.
  expect: { timeout: process.env.E2E_DEV === "1" ? 120_000 : 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: "node_modules/.bin/tsx sandbox/main.ts",
      url: `${SANDBOX_URL}/__sandbox/stats`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { SANDBOX_PORT: String(SANDBOX_PORT), SANDBOX_HOST: "127.0.0.1", SANDBOX_APP_ORIGINS: APP_URL, SANDBOX_LOG: "0" },
    },
    {
      command: appCommand,
      url: `${APP_URL}/sign-in`,
      reuseExistingServer: false,
      timeout: 600_000,
      stdout: "pipe",
      env: {
        ...sandboxAppEnv(SANDBOX_URL),
        APP_URL,
        DATA_DIR,
        // `next start` runs in production mode, which requires real secrets: fresh ones per run.
        ...e2eSecrets(),
        NEXT_DIST_DIR: DIST_DIR,
        LOG_LEVEL: "warn",
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      },
    },
  ],
});
