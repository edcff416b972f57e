import { statSync } from "node:fs";
import path from "node:path";
import { defineConfig, mergeConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import base from "./vitest.config";

// The tests that cover the guard functions stryker.config.mjs mutates. Left out on
// purpose: the authorization matrix, the encryption sweep and the J1 overlap test — each builds
// a whole test world per run, so re-running them for every mutant made a run take hours; the
// focused files below cover the same guards.
//
// A mutant's cost is its own vitest run of the files that cover it (Stryker's vitest runner starts
// a fresh worker thread for every mutant): the files' imports and beforeAll, then the covering
// tests. Three settings cut that per mutant:
// - isolate: false — the covering files of one run share one module graph, so a mutant covered by
//   six files imports next-auth, drizzle and the routes once, not six times (these files pass
//   together without isolation: each builds its own database and sandbox and restores the env).
// - PostgreSQL, not PGlite: a file's database is a clone of the migrated template (tests/support/
//   db.ts) instead of a PGlite instance compiled and loaded in the run's new thread; measured on two
//   covering files run again and again in one vitest (as Stryker does), load 12-15: 2.4-3.5 s a run
//   on PostgreSQL, 5-7 s on PGlite, and PGlite's worst runs took a minute and failed a test under
//   that load, which would count a mutant as killed. DATABASE_URL (as in CI), else the local server.
// - cheapest file first — bail stops a run at the first failing test, so a killed mutant costs
//   only the files up to the one that kills it; vitest's default order runs the slowest first.
class CheapestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // The last run's duration of each file (vitest's results cache); before every file has one, its size.
    const duration = (spec: TestSpecification) => this.ctx.cache.getFileTestResults(`${spec.project.name}:${path.relative(this.ctx.config.root, spec.moduleId)}`)?.duration;
    const cost = files.every((spec) => duration(spec) !== undefined) ? (spec: TestSpecification) => duration(spec)! : (spec: TestSpecification) => statSync(spec.moduleId).size;
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}
const merged = mergeConfig(
  base,
  defineConfig({
    test: {
      isolate: false,
      sequence: { sequencer: CheapestFirst },
      env: { DATABASE_URL: process.env.DATABASE_URL ?? process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" },
    },
  }),
);
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
