/** `npm run sandbox`: the provider sandbox as a standalone HTTP server. */
import { loadConfig } from "./config";
import { createSandbox } from "./core/server";
import { modules } from "./providers";

const config = loadConfig();
const sandbox = createSandbox({
  modules,
  sandboxUrl: config.publicUrl,
  appOrigins: config.appOrigins,
  log: config.log ? (line) => console.log(`[sandbox] ${line}`) : undefined,
});

sandbox.listen(config.port, config.host).then(
  ({ url }) => {
    console.log(`[sandbox] listening on ${url} (public ${config.publicUrl}); app origins: ${config.appOrigins.join(", ")}`);
    console.log(`[sandbox] modules: ${modules.map((m) => m.name).join(", ")}`);
  },
  (err) => {
    console.error(`[sandbox] could not listen on ${config.host}:${config.port}:`, err);
    process.exit(1);
  },
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void sandbox.close().then(() => process.exit(0)));
}
