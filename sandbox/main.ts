/** `npm run sandbox`: the provider sandbox as a standalone HTTP server. */
import { loadConfig } from "./config";
import { createSandbox } from "./core/server";
import { createSmtpServer } from "./core/smtp";
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

// The mailbox: the app's SMTP_URL points here in development and the E2E tests (/__sandbox/mail).
const smtp = createSmtpServer({ onMessage: (envelope, raw) => void sandbox.receiveMail(envelope, raw) });
smtp.listen(config.smtpPort, config.host).then(
  () => console.log(`[sandbox] SMTP mailbox on smtp://${config.host}:${config.smtpPort} (read it at ${config.publicUrl}/__sandbox/mail)`),
  (err) => {
    console.error(`[sandbox] could not listen for SMTP on ${config.host}:${config.smtpPort}:`, err);
    process.exit(1);
  },
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void Promise.all([sandbox.close(), smtp.close()]).then(() => process.exit(0)));
}
