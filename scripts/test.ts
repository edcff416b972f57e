// `npm test`: the type check, vitest and the Playwright E2E suite, on a 2-core machine in as little
// wall time as they allow. vitest leaves about a quarter of the CPU idle (its integration files
// wait on PostgreSQL, pg-boss and the sandbox), and so does `next build`; the E2E suite is
// CPU-bound from its first test. So the E2E build runs beside tsc and vitest, at a lower priority
// (vitest keeps the CPU it needs), and Playwright then serves that build (E2E_REUSE_BUILD=1).
// The first step that fails stops the run; each step's time is printed.
// `npm run typecheck`, `npm run test:unit` and `npm run test:e2e` run one step alone.
import { spawn, type ChildProcess } from "node:child_process";
import { appServerEnv, writeBuildTsconfig } from "../e2e/support/servers";
import { stack } from "../e2e/support/urls";

type Outcome = { name: string; code: number; seconds: number; output: string };

const started = Date.now();
const running = new Set<ChildProcess>();

/** Runs a command in its own process group; `quiet` keeps its output until it ends. */
function run(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): Promise<Outcome> {
  const t0 = Date.now();
  const child = spawn(command, args, {
    env: options.env ?? process.env,
    stdio: options.quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    detached: true,
  });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    const done = (code: number) => {
      running.delete(child);
      resolve({ name, code, seconds: Math.round((Date.now() - t0) / 1000), output });
    };
    child.on("error", (error) => {
      output += String(error);
      done(127);
    });
    child.on("exit", (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

function stopAll(): void {
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}

function report(outcome: Outcome): void {
  console.log(`--- ${outcome.name}: ${outcome.code === 0 ? "passed" : `FAILED (exit ${outcome.code})`} in ${outcome.seconds} s`);
}

/** Prints a failed step (with its output if it was kept), stops the others and exits. */
function fail(outcome: Outcome): never {
  if (outcome.output) process.stdout.write(outcome.output);
  report(outcome);
  stopAll();
  process.exit(outcome.code || 1);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stopAll();
    process.exit(130);
  });
}

const bin = (name: string) => `node_modules/.bin/${name}`;

// The build Playwright's first app would make, with that app's environment (playwright.config.ts).
writeBuildTsconfig();
const build = run("next build (for the E2E suite)", "nice", ["-n", "10", bin("next"), "build"], {
  env: { ...process.env, ...appServerEnv(stack(0), process.env.DATABASE_URL) },
  quiet: true,
});

const typecheck = run("tsc --noEmit", bin("tsc"), ["--noEmit"], { quiet: true }).then((outcome) => {
  if (outcome.code !== 0) fail(outcome);
  return outcome;
});
const unit = await run("vitest", bin("vitest"), ["run"]);
if (unit.code !== 0) fail(unit);
report(await typecheck);
report(unit);

const built = await build;
if (built.code !== 0) fail(built);
report(built);

const e2e = await run("Playwright", bin("playwright"), ["test"], { env: { ...process.env, E2E_REUSE_BUILD: "1" } });
if (e2e.code !== 0) fail(e2e);
report(e2e);
console.log(`--- npm test: everything passed in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
