import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxAppEnv } from "../scripts/sandbox-env";
import { expect, test } from "./support/test";
import { DIST_DIR, e2eSecrets, SANDBOX_URL } from "./support/urls";

// SECURITY S4 / non-negotiable 5: no secret and no token in what the browser downloads. The
// app under test was built and runs with the secrets below; none may appear in a client chunk.

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

// Token shapes as string literals (Meta EAA…, Instagram IGAA…, Threads THAA…, LinkedIn AQV…, a
// Telegram bot token); the opening quote keeps base64 data inside chunks from matching.
const TOKEN_SHAPES = [/["'`]EAA[A-Za-z0-9]{20,}/, /["'`]IGAA[A-Za-z0-9_-]{20,}/, /["'`]THAA[A-Za-z0-9_-]{20,}/, /["'`]AQV[A-Za-z0-9_-]{20,}/, /["'`]\d{8,10}:[A-Za-z0-9_-]{35}["'`]/];

test("the client bundle holds no server secret, app secret or token", async () => {
  // The runner created these before starting the app; the worker inherits them.
  expect(process.env.E2E_AUTH_SECRET, "the app's AUTH_SECRET, inherited from the runner").toBeTruthy();
  const env = sandboxAppEnv(SANDBOX_URL);
  const secrets = Object.entries({
    ...e2eSecrets(),
    FACEBOOK_APP_SECRET: env.FACEBOOK_APP_SECRET,
    INSTAGRAM_APP_SECRET: env.INSTAGRAM_APP_SECRET,
    THREADS_APP_SECRET: env.THREADS_APP_SECRET,
    X_CLIENT_SECRET: env.X_CLIENT_SECRET,
    LINKEDIN_CLIENT_SECRET: env.LINKEDIN_CLIENT_SECRET,
    LINKEDIN_COMPANY_CLIENT_SECRET: env.LINKEDIN_COMPANY_CLIENT_SECRET,
    META_WEBHOOK_VERIFY_TOKEN: env.META_WEBHOOK_VERIFY_TOKEN,
  }).map(([name, value]) => [name, (value ?? "").replace(/^e2e:/, "")] as const);
  for (const [name, value] of secrets) expect(value.length, name).toBeGreaterThan(8);

  const chunks = filesUnder(join(DIST_DIR, "static")).filter((f) => f.endsWith(".js"));
  expect(chunks.length).toBeGreaterThan(10);
  for (const file of chunks) {
    const text = readFileSync(file, "utf8");
    for (const [name, value] of secrets) expect(text.includes(value), `${name} in ${file}`).toBe(false);
    for (const shape of TOKEN_SHAPES) expect(shape.test(text), `${shape} in ${file}`).toBe(false);
  }
});
