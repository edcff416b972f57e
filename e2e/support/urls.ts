import { randomBytes } from "node:crypto";

// Every Playwright worker has a stack of its own: an app, a provider sandbox and a database
// (see e2e/README.md). Worker N (Playwright's TEST_PARALLEL_INDEX) uses the base ports + N.
// E2E_APP_PORT / E2E_SANDBOX_PORT set the base ports so several runs can share a machine (keep
// E2E_WORKERS ports free above each); E2E_WORKERS sets the number of workers (default 2).
export const BASE_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3210);
export const BASE_SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4210);
export const E2E_WORKERS = Math.max(1, Number(process.env.E2E_WORKERS ?? 2));

/** The servers of one worker's stack. */
export interface Stack {
  index: number;
  appPort: number;
  sandboxPort: number;
  appUrl: string;
  sandboxUrl: string;
  /** The embedded database folder of this stack's app (without DATABASE_URL). */
  dataDir: string;
}

export function stack(index: number): Stack {
  const appPort = BASE_APP_PORT + index;
  const sandboxPort = BASE_SANDBOX_PORT + index;
  return {
    index,
    appPort,
    sandboxPort,
    appUrl: `http://localhost:${appPort}`,
    sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
    dataDir: `.data-e2e-${appPort}`,
  };
}

/** This worker's stack; in the runner process (playwright.config.ts) the first one. */
const current = stack(Number(process.env.TEST_PARALLEL_INDEX ?? 0));
export const APP_PORT = current.appPort;
export const SANDBOX_PORT = current.sandboxPort;
export const APP_URL = current.appUrl;
export const SANDBOX_URL = current.sandboxUrl;

// The app's build output, built once per run and served by every worker's app.
export const DIST_DIR = `.next-e2e-${BASE_APP_PORT}`;

/**
 * The PostgreSQL database of worker `index` when the run has a DATABASE_URL: the first worker
 * uses it as given, worker N a fresh `<name>_wN` beside it (created by e2e/support/fresh-database.ts).
 */
export function workerDatabaseUrl(baseUrl: string, index: number): string {
  if (index === 0) return baseUrl;
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}_w${index}`;
  return url.toString();
}

/**
 * The production secrets the E2E app runs with: fresh per run, created once by the runner and
 * inherited by its workers through the environment, so tests can look for them too.
 */
export function e2eSecrets(): { AUTH_SECRET: string; TOKEN_ENCRYPTION_KEYS: string; OAUTH_COOKIE_SECRET: string } {
  const fresh = () => randomBytes(32).toString("base64");
  process.env.E2E_AUTH_SECRET ??= fresh();
  process.env.E2E_TOKEN_KEY ??= fresh();
  process.env.E2E_OAUTH_COOKIE_SECRET ??= fresh();
  return {
    AUTH_SECRET: process.env.E2E_AUTH_SECRET,
    TOKEN_ENCRYPTION_KEYS: `e2e:${process.env.E2E_TOKEN_KEY}`,
    OAUTH_COOKIE_SECRET: process.env.E2E_OAUTH_COOKIE_SECRET,
  };
}
