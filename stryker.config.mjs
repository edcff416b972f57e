// Mutation testing of the code that guards data (issue 9): `npm run test:mutation`.
// Not part of `npm test` (too slow). On a 2-core machine: one worker, per-test coverage (each
// mutant runs only the tests that reach it), incremental reruns (reports/stryker-incremental.json).
// `mutate` names the guarding functions by line range where a module is too big to take whole:
// ownership filters, role checks, state consumption, signature/token checks, encryption.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutation.config.ts" },
  coverageAnalysis: "perTest",
  concurrency: 1,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  // The first, whole run of the covering tests takes minutes on a shared 2-core machine.
  dryRunTimeoutMinutes: 30,
  timeoutMS: 60_000,
  timeoutFactor: 2,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  ignoreStatic: true,
  mutate: [
    // lib/actions.ts: the role check every org action and operation goes through.
    "lib/actions.ts:87-127",
    // lib/oauth/: state consumption, cookie binding, user/organization comparison; PKCE; the sealed cookie.
    "lib/oauth/engine.ts:156-224",
    "lib/oauth/pkce.ts",
    "lib/oauth/cookie.ts",
    // lib/connections/: ownership filters, the refresh lock and compare-and-swap, pending picks.
    "lib/connections/refresh.ts:72-155",
    "lib/connections/disconnect.ts",
    "lib/connections/queries.ts",
    "lib/connections/pending.ts",
    // lib/meta-messaging/: the picker's ownership and expiry.
    "lib/meta-messaging/select.ts",
    "lib/meta-messaging/pending.ts",
    // lib/crypto/: AES-GCM with row-bound AAD.
    "lib/crypto/tokens.ts",
    // Route handlers: the webhook verify token and mode.
    "app/api/webhooks/meta/route.ts",
  ],
};
