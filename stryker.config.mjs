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
  ignorePatterns: [".data-test", ".data", ".next*", "test-results", "playwright-report"],
  cleanTempDir: "always",
  ignoreStatic: true,
  mutate: [
    // lib/actions.ts: orgAction's session and role check, requireRole.
    "lib/actions.ts:87-106",
    // lib/oauth/: finishOAuth (cookie binding, single-use consumption, user/organization
    // comparison, expiry); PKCE; sealing and unsealing the flow cookie.
    "lib/oauth/engine.ts:156-200",
    "lib/oauth/pkce.ts",
    "lib/oauth/cookie.ts:42-56",
    // lib/connections/: the organization filter of loads and deletes, the refresh lock and
    // compare-and-swap, the pending selection's owner check and single-use consumption.
    "lib/connections/refresh.ts:72-155",
    "lib/connections/disconnect.ts:18-44",
    "lib/connections/queries.ts:41-48",
    "lib/connections/pending.ts:63-112",
    // lib/meta-messaging/: the pending Page list's owner filter, expiry and single-use take.
    "lib/meta-messaging/pending.ts:48-101",
    "lib/meta-messaging/select.ts",
    // lib/crypto/: AES-GCM with row-bound AAD, decryption that fails closed.
    "lib/crypto/tokens.ts:47-101",
    // Route handlers: the webhook verify token and mode.
    "app/api/webhooks/meta/route.ts:10-32",
  ],
};
