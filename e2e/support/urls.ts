import { randomBytes } from "node:crypto";

// Where the E2E app and sandbox listen. E2E_APP_PORT / E2E_SANDBOX_PORT let several runs share
// a machine; playwright.config.ts starts both servers on these.
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3210);
export const SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4210);
export const APP_URL = `http://localhost:${APP_PORT}`;
export const SANDBOX_URL = `http://127.0.0.1:${SANDBOX_PORT}`;

// The app's build output and embedded database folder for this port.
export const DIST_DIR = `.next-e2e-${APP_PORT}`;
export const DATA_DIR = `.data-e2e-${APP_PORT}`;

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
