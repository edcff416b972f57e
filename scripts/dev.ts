// `npm run dev`: the provider sandbox and the app side by side, so every Connect button works
// offline. SANDBOX=off (with real provider credentials in the environment) runs the app alone.
// A launcher reads its own process environment; the app itself reads only lib/env.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { sandboxAppEnv } from "./sandbox-env";

const appPort = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const appUrl = process.env.APP_URL ?? `http://localhost:${appPort}`;
const useSandbox = process.env.SANDBOX !== "off";
// A different host name than the app's, so cookies cross sites as they do with real providers.
const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;

const children: ChildProcess[] = [];
function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const child = spawn(command, args, { stdio: "inherit", env });
  children.push(child);
  child.on("exit", (code) => {
    console.log(`[dev] ${name} exited (${code ?? "signal"}); stopping the rest`);
    for (const other of children) if (other !== child) other.kill("SIGTERM");
    process.exit(code ?? 0);
  });
}

const bin = (name: string) => `node_modules/.bin/${name}`;
let appEnv: NodeJS.ProcessEnv = { ...process.env, APP_URL: appUrl };
if (useSandbox) {
  run("sandbox", bin("tsx"), ["sandbox/main.ts"], {
    ...process.env,
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_HOST: "127.0.0.1",
    SANDBOX_APP_ORIGINS: new URL(appUrl).origin,
  });
  // Real credentials the user configured win over the sandbox's defaults.
  const defaults = sandboxAppEnv(sandboxUrl);
  appEnv = { ...defaults, ...appEnv, SANDBOX_URL: sandboxUrl };
  console.log(`[dev] sandbox mode: providers are emulated at ${sandboxUrl} (SANDBOX=off to use real ones)`);
}
run("app", bin("next"), ["dev", "--port", String(appPort)], appEnv);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill(signal);
  });
}
