import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

// The tests that cover the mutated modules (stryker.config.mjs), on PGlite.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: [
        "lib/oauth/**/*.test.ts",
        "lib/connections/**/*.test.ts",
        "lib/meta-messaging/**/*.test.ts",
        "lib/crypto/**/*.test.ts",
        "tests/authorization.integration.test.ts",
        "tests/routes/**/*.test.ts",
        "tests/encryption-at-rest.integration.test.ts",
        "tests/j1-refresh-overlap.integration.test.ts",
      ],
    },
  }),
);
