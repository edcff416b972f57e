import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config";

// The tests that cover the guard functions stryker.config.mjs mutates, on PGlite. Left out on
// purpose: the authorization matrix, the encryption sweep and the J1 overlap test — each builds
// a whole test world per run, so re-running them for every mutant made a run take hours; the
// focused files below cover the same guards.
const merged = mergeConfig(base, defineConfig({ test: {} }));
// Set, not merged: mergeConfig would append these to the base's "**/*.test.ts" (the whole suite).
// MUTATION_TESTS (comma-separated) narrows them to the files covering one module (see stryker.config.mjs).
merged.test!.include = process.env.MUTATION_TESTS?.split(",") ?? [
  "tests/actions.integration.test.ts",
  "lib/oauth/**/*.test.ts",
  "lib/connections/connections.integration.test.ts",
  "lib/connections/refresh-job.integration.test.ts",
  // getFreshAccessToken's use-time paths (190 → needs reconnect, 5xx changes nothing, J1, A1):
  // without it most of lib/connections/refresh.ts's mutants survived.
  "lib/connections/lifecycle.integration.test.ts",
  "lib/meta-messaging/meta-messaging.integration.test.ts",
  "lib/crypto/tokens.test.ts",
  "lib/crypto/keyring.test.ts",
  "tests/routes/webhook-verify.integration.test.ts",
  // The route helper's guards (origin, JSON, session organization and role, API keys), the
  // attachment route's organization filter, Meta's webhook signature; the pending-choice store's expiry.
  "tests/routes/api-route.integration.test.ts",
  "tests/api-keys.integration.test.ts",
  "lib/inbox/signature.test.ts",
  "tests/routes/e2e-hooks-age.integration.test.ts",
  "lib/pending-choices.integration.test.ts",
];
export default merged;
