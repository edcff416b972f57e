import { defineConfig } from "vitest/config";
import { availableParallelism } from "node:os";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: import.meta.dirname + "/" },
      // `server-only` throws outside Next's server bundles; in tests every module is server-side.
      { find: /^server-only$/, replacement: path.resolve(import.meta.dirname, "tests/support/empty.ts") },
    ],
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**", ".stryker-tmp/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one worker per core minus one: a single worker on a 2-core machine, where
    // the integration files spend much of their time waiting on PostgreSQL, pg-boss polls and the
    // sandbox's HTTP. Each file has its own database (tests/support/db.ts) and ephemeral ports, so
    // files run side by side: at least two workers, one per core on larger machines.
    maxWorkers: Math.max(2, availableParallelism()),
    setupFiles: ["tests/support/setup.ts"],
    // next-auth imports "next/server" without an extension; let Vite resolve it.
    server: { deps: { inline: ["next-auth", "@auth/core"] } },
  },
});
