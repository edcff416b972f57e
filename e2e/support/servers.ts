import { writeFileSync } from "node:fs";
import { sandboxAppEnv } from "../../scripts/sandbox-env";
import { DIST_DIR, e2eSecrets, type Stack } from "./urls";

// What each worker's app server runs with. Shared by playwright.config.ts (which starts the
// servers) and scripts/test.ts (which builds the app beside vitest, before Playwright starts).

/** The build's own tsconfig (next.config.mjs): Next writes its dist folder's include line there. */
export const TSCONFIG = `${DIST_DIR}.tsconfig.json`;

/** Writes the build's tsconfig, one that extends the project's. */
export function writeBuildTsconfig(): void {
  writeFileSync(TSCONFIG, '{ "extends": "./tsconfig.json" }\n');
}

/** The environment of `stack`'s app (`next build` and `next start`), with its database if the run has one. */
export function appServerEnv(stack: Stack, databaseUrl: string | undefined): Record<string, string> {
  return {
    ...sandboxAppEnv(stack.sandboxUrl),
    APP_URL: stack.appUrl,
    DATA_DIR: stack.dataDir,
    // `next start` runs in production mode, which requires real secrets: fresh ones per run.
    ...e2eSecrets(),
    NEXT_DIST_DIR: DIST_DIR,
    NEXT_TSCONFIG_PATH: TSCONFIG,
    LOG_LEVEL: "warn",
    // Lets tests age their own rows (POST /api/e2e-hooks/age); only ever with a sandbox.
    E2E_TEST_HOOKS: "1",
    // Each test's X-Forwarded-For (e2e/support/test.ts) stands for a proxy's: trust one hop.
    TRUSTED_PROXY_HOPS: "1",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}
