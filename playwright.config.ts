import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { appServerEnv, TSCONFIG } from "./e2e/support/servers";
import { BASE_APP_PORT, DIST_DIR, E2E_WORKERS, stack, workerDatabaseUrl } from "./e2e/support/urls";

// E2E runs a production build of the app against the provider sandbox, on ports of their own.
// Each worker gets a stack of its own (app + sandbox + database; see e2e/README.md), so tests
// in different workers never see each other's sandbox state. The app is built once and every
// stack's `next start` serves that build. Without DATABASE_URL each app uses a fresh embedded
// database in .data-e2e-<port>/; with it, worker N uses a fresh `<name>_wN` beside it (N > 0).
// E2E_DEV=1 uses `next dev` instead of a build (faster while iterating; one worker);
// E2E_APP_PORT / E2E_SANDBOX_PORT move the base ports and E2E_WORKERS the number of workers.
const dev = process.env.E2E_DEV === "1";
const reuseBuild = process.env.E2E_REUSE_BUILD === "1" && existsSync(`${DIST_DIR}/BUILD_ID`);
const workers = dev ? 1 : E2E_WORKERS;
const stacks = Array.from({ length: workers }, (_, i) => stack(i));

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl && !/@(127\.0\.0\.1|localhost)(:\d+)?\//.test(databaseUrl)) {
  throw new Error("E2E tests seed and wipe data: refusing a non-local DATABASE_URL");
}

function appCommand(index: number, dataDir: string, dbUrl: string | undefined): string {
  const fresh = [`rm -rf ${dataDir}`, `printf '{ "extends": "./tsconfig.json" }\\n' > ${TSCONFIG}`];
  if (dbUrl && index > 0) fresh.push(`node_modules/.bin/tsx e2e/support/fresh-database.ts '${dbUrl}'`);
  if (dev) return [...fresh, `node_modules/.bin/next dev --port ${BASE_APP_PORT + index}`].join(" && ");
  // The first app builds; the others start after it is up (web servers start in order).
  // E2E_REUSE_BUILD=1 serves the build a previous run left (only when just specs changed).
  const build = index === 0 && !reuseBuild ? ["node_modules/.bin/next build"] : [];
  return [...fresh, ...build, `node_modules/.bin/next start --port ${BASE_APP_PORT + index}`].join(" && ");
}

export default defineConfig({
  testDir: "e2e",
  // Tests are independent (e2e/README.md), so even the tests of one file spread over the workers.
  fullyParallel: true,
  workers,
  retries: 0,
  timeout: dev ? 180_000 : 60_000,
  // A dev server compiles each page on its first visit.
  expect: { timeout: dev ? 120_000 : 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    // Each worker's own app: e2e/support/test.ts sets baseURL from the worker's stack.
    baseURL: stacks[0]!.appUrl,
    // Recording a trace costs every test ~25 % of its time (DOM snapshots and a screencast of each
    // action, kept or not): E2E_TRACE=1 records and keeps one for each failing test.
    trace: process.env.E2E_TRACE === "1" ? "retain-on-failure" : "off",
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
    ...stacks.map((s) => ({
      command: "node_modules/.bin/tsx sandbox/main.ts",
      url: `${s.sandboxUrl}/__sandbox/stats`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { SANDBOX_PORT: String(s.sandboxPort), SANDBOX_HOST: "127.0.0.1", SANDBOX_APP_ORIGINS: s.appUrl, SANDBOX_LOG: "0" },
    })),
    ...stacks.map((s) => {
      const dbUrl = databaseUrl ? workerDatabaseUrl(databaseUrl, s.index) : undefined;
      return {
        command: appCommand(s.index, s.dataDir, dbUrl),
        url: `${s.appUrl}/sign-in`,
        reuseExistingServer: false,
        // The first stack builds: ~2 min on a quiet 2-core machine, 8+ min when it is shared.
        timeout: s.index === 0 ? 1_200_000 : 120_000,
        stdout: "pipe" as const,
        env: appServerEnv(s, dbUrl),
      };
    }),
  ],
});
