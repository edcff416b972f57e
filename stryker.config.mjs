// Mutation testing of the code that guards data (issue 9): `npm run test:mutation`.
// Not part of `npm test` (too slow). On a 2-core machine: two workers (a mutant's run waits on
// PGlite, the sandbox's HTTP and pg-boss as much as it computes), per-test coverage (each mutant
// runs only the tests that reach it), incremental reruns (reports/stryker-incremental.json).
// `mutate` names the guarding functions where a module is too big to take whole: ownership
// filters, role checks, state consumption, signature/token checks, encryption. Stryker takes line
// ranges; `fns` computes them from the functions' names when the config loads, so an edit above a
// function cannot silently move the range onto types or imports, and a renamed or removed
// function stops the run.
import { readFileSync } from "node:fs";

/**
 * `file:start-end` for each named top-level function (or `const` object of functions, such as a
 * table of resolvers): its declaration line to its closing `}` (`};`).
 */
function fns(file, ...names) {
  const lines = readFileSync(file, "utf8").split("\n");
  return names.map((name) => {
    const declaration = new RegExp(`^(export )?((async )?function|const) ${name}\\b`);
    const start = lines.findIndex((line) => declaration.test(line));
    const end = lines.findIndex((line, i) => i > start && (line === "}" || line === "};"));
    if (start < 0 || end < 0) throw new Error(`stryker.config.mjs: no top-level function ${name} in ${file}`);
    return `${file}:${start + 1}-${end + 1}`;
  });
}

function only(prefixes, mutate) {
  if (!prefixes) return mutate;
  const kept = mutate.filter((m) => prefixes.split(",").some((p) => m.startsWith(p)));
  if (kept.length === 0) throw new Error(`stryker.config.mjs: MUTATE_ONLY=${prefixes} matches nothing in mutate`);
  return kept;
}

// MUTATION_REPORT=name gives a narrowed run its own incremental file and JSON report, so two
// narrowed runs (one module each) can run side by side; `tsx scripts/mutation-score.ts name` scores it.
const report = process.env.MUTATION_REPORT ?? "mutation";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  // related: false — per-test coverage already picks the files a mutant runs; vitest's "related"
  // filter would walk every covering file's import graph again for each mutant (and drop a file
  // that reaches the mutated code only through a dynamic import).
  vitest: { configFile: "vitest.mutation.config.ts", related: false },
  coverageAnalysis: "perTest",
  concurrency: 2,
  incremental: true,
  incrementalFile: report === "mutation" ? "reports/stryker-incremental.json" : `reports/stryker-incremental-${report}.json`,
  // The first, whole run of the covering tests takes minutes on a shared 2-core machine.
  dryRunTimeoutMinutes: 30,
  timeoutMS: 60_000,
  timeoutFactor: 2,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: `reports/mutation/${report}.json` },
  tempDirName: ".stryker-tmp",
  ignorePatterns: [".data-test", ".data", ".next*", "test-results", "playwright-report"],
  cleanTempDir: "always",
  ignoreStatic: true,
  // MUTATE_ONLY=lib/actions.ts (comma-separated prefixes) mutates one module only; with
  // MUTATION_TESTS (vitest.mutation.config.ts) naming its covering test files, a run takes minutes.
  mutate: only(process.env.MUTATE_ONLY, [
    // lib/actions.ts: orgAction's session and role check, requireRole, the operation's action.
    ...fns("lib/actions.ts", "orgAction", "requireRole", "orgActionOf"),
    // lib/oauth/: finishOAuth (cookie binding, single-use consumption, user/organization
    // comparison, expiry); PKCE; sealing and unsealing the flow cookie.
    ...fns("lib/oauth/engine.ts", "finishOAuth"),
    "lib/oauth/pkce.ts",
    ...fns("lib/oauth/cookie.ts", "sealFlowCookie", "unsealFlowCookie"),
    // lib/connections/: the organization filter of loads and deletes, the refresh lock and
    // compare-and-swap, the pending selection's owner check and single-use consumption.
    ...fns("lib/connections/refresh.ts", "load", "getFreshAccessToken"),
    ...fns("lib/connections/disconnect.ts", "disconnectConnection"),
    ...fns("lib/connections/queries.ts", "findConnection"),
    ...fns("lib/connections/pending.ts", "getPendingSelection", "completePendingSelection"),
    // lib/pending-choices.ts: the one pending-choice store (connect picker and Page list): the
    // owner filter (kind, user, organization), the live check and the single-use take.
    ...fns("lib/pending-choices.ts", "ownedBy", "findPendingChoice", "takePendingChoice"),
    // lib/meta-messaging/: the pending Page list's owner filter, expiry and single-use take.
    ...fns("lib/meta-messaging/pending.ts", "listPendingPages", "takePendingPage"),
    "lib/meta-messaging/select.ts",
    // lib/crypto/: AES-GCM with row-bound AAD, decryption that fails closed.
    ...fns("lib/crypto/tokens.ts", "aad", "encryptToken", "decryptToken"),
    // Route handlers: the webhook verify token and mode; the one route helper (lib/api/route.ts)
    // every JSON route goes through: the same-origin and JSON checks of cookie-authenticated
    // writes, the session's organization and role, the signature and API-key modes; the API key
    // lookup (unknown, revoked, per-key and per-address limits); Meta's webhook signature; the
    // inbox attachment route's organization filter.
    ...fns("app/api/webhooks/meta/route.ts", "sameSecret", "GET"),
    ...fns("lib/api/route.ts", "isSameOrigin", "isJson", "readInput", "AUTH_MODES", "route"),
    ...fns("lib/api-keys/index.ts", "bearerKey", "authenticateApiKey", "revokeApiKey"),
    ...fns("lib/inbox/signature.ts", "verifyMetaSignature"),
    ...fns("lib/inbox/attachments.ts", "readAttachment"),
  ]),
};
