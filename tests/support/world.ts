/**
 * The test world most integration files build the same way: their own database (also what the
 * app's actions and routes read through `getDb()`), the provider sandbox when the file talks to
 * providers, and pg-boss workers when it runs jobs — started before the first test, stopped after
 * the last, in the right order.
 */
import { afterAll, beforeAll } from "vitest";
import type PgBoss from "pg-boss";
import { startWorkers } from "@/lib/jobs";
import { createTestDatabase, type TestDatabase } from "./db";
import { useAppDatabase } from "./next";
import { startSandbox, type RunningSandbox } from "./sandbox-app";
import { stopWorkers } from "./jobs";

export interface TJobTestEnv {
  tdb: TestDatabase;
  /** Only with `sandbox`. */
  sb: RunningSandbox;
  /** Only with `workers`. */
  boss: PgBoss;
}

export interface TJobTestEnvOptions {
  /** Start the provider sandbox (`{ mail: true }` also its SMTP mailbox). */
  sandbox?: boolean | { mail?: boolean };
  /**
   * Start pg-boss workers on the test database with these options (no schedules unless asked); a
   * function when they need something the file makes in a `beforeAll` registered before this call
   * (e.g. media storage on a server of its own), called when the workers start.
   */
  workers?: TWorkerOptions | (() => TWorkerOptions | Promise<TWorkerOptions>);
}

type TWorkerOptions = Parameters<typeof startWorkers>[1];

/** Registers the hooks; the returned object is filled in before the first test. */
export function useJobTestEnv(options: TJobTestEnvOptions = {}): TJobTestEnv {
  const t = {} as TJobTestEnv;
  beforeAll(async () => {
    t.tdb = await createTestDatabase();
    useAppDatabase(t.tdb);
    if (options.sandbox) t.sb = await startSandbox(typeof options.sandbox === "object" ? options.sandbox : {});
    const workers = typeof options.workers === "function" ? await options.workers() : options.workers;
    if (workers) t.boss = await startWorkers(t.tdb, { schedule: false, ...workers });
  });
  afterAll(async () => {
    await stopWorkers(t.boss);
    await t.sb?.close();
    delete (globalThis as { __switchboardDb?: unknown }).__switchboardDb;
    await t.tdb?.cleanup();
  });
  return t;
}
