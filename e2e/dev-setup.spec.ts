import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { BASE_APP_PORT, BASE_SANDBOX_PORT } from "./support/urls";

// `npm run dev` alone gives a working app and sandbox: start it as a user would (on spare ports,
// with its own data folder) and click into a consent page. Ports 300 above this run's base
// ports, so runs on different base ports (E2E_APP_PORT) don't collide.
const APP_PORT = BASE_APP_PORT + 300;
const SANDBOX_PORT = BASE_SANDBOX_PORT + 300;

async function waitFor(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

let dev: ChildProcess | undefined;

test.afterAll(async () => {
  if (dev?.pid) process.kill(-dev.pid, "SIGTERM");
});

test("npm run dev starts the app and the sandbox, and the app's provider URLs lead to the sandbox", async ({ page }) => {
  test.setTimeout(240_000);
  // Its own tsconfig (as the E2E builds have, playwright.config.ts): `next dev` writes its dist
  // folder's include line into the tsconfig it is given, which must not be the project's.
  const tsconfig = ".next-e2e-dev.tsconfig.json";
  const projectTsconfig = readFileSync("tsconfig.json", "utf8");
  writeFileSync(tsconfig, '{ "extends": "./tsconfig.json" }\n');
  dev = spawn("node_modules/.bin/tsx", ["scripts/dev.ts"], {
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      PORT: String(APP_PORT),
      SANDBOX_PORT: String(SANDBOX_PORT),
      DATA_DIR: ".data-e2e-dev",
      NEXT_DIST_DIR: ".next-e2e-dev",
      NEXT_TSCONFIG_PATH: tsconfig,
      LOG_LEVEL: "warn",
      // No telemetry flush process when the dev server stops.
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  const deadline = Date.now() + 180_000;
  await waitFor(`http://127.0.0.1:${SANDBOX_PORT}/__sandbox/stats`, deadline);
  // Up once it serves a public file (no page compile); the browser's visit is then the first
  // request for /sign-in, so the dev server compiles and renders that page once, not twice.
  await waitFor(`http://localhost:${APP_PORT}/robots.txt`, deadline);

  await page.goto(`http://localhost:${APP_PORT}/sign-in`, { timeout: Math.max(deadline - Date.now(), 60_000) });
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible({ timeout: 60_000 });

  await page.goto(`http://127.0.0.1:${SANDBOX_PORT}/__sandbox/`);
  await expect(page.getByText("Priya Raman").first()).toBeVisible();

  // The sandbox registered the dev app's own redirect URI, so its consent page renders.
  const consent =
    `http://127.0.0.1:${SANDBOX_PORT}/x.com/i/oauth2/authorize?` +
    new URLSearchParams({
      response_type: "code",
      client_id: "sandbox-x-client-id",
      redirect_uri: `http://localhost:${APP_PORT}/api/social/x/callback`,
      scope: "tweet.read users.read",
      state: "dev-setup",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    });
  await page.goto(consent);
  await expect(page.getByRole("button", { name: "Allow" })).toBeVisible();
  await expect(page.getByText("Ada Okafor").first()).toBeVisible();
  // This run's own tsconfig took Next's include line: the project's is as it was (a clean tree after npm test).
  expect(readFileSync("tsconfig.json", "utf8")).toBe(projectTsconfig);
});
