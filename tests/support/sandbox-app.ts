/**
 * For integration tests: the provider sandbox in-process on an ephemeral port, with the app's
 * env pointing at it (SANDBOX_URL, the sandbox's default app credentials, APP_URL).
 */
import { createServer } from "node:net";
import { createSmtpServer } from "@/sandbox/core/smtp";
import { createSandbox, type Sandbox } from "@/sandbox/core/server";
import { modules } from "@/sandbox/providers";
import { sandboxAppEnv } from "@/scripts/sandbox-env";
import { resetEnvForTests } from "@/lib/env";

// Tests beside lib/ code take the sandbox's pieces from here: nothing under lib/ imports sandbox/
// (tests/architecture.test.ts).
export { createSandbox, createSmtpServer, type Sandbox };
export type { SmtpServer } from "@/sandbox/core/smtp";
export { FACEBOOK_APP, INSTAGRAM_APP } from "@/sandbox/core/apps";
export { fbLogin } from "@/sandbox/providers/meta/test-helpers";
export { FB, adAccountsOfUser, igAccountsOfUser, pagesOfUser } from "@/sandbox/providers/facebook/fixtures";

export const TEST_APP_URL = "http://localhost:3000";

export interface RunningSandbox {
  sandbox: Sandbox;
  url: string;
  stats(): Promise<Record<string, number>>;
  /** Sets env for the app side; returns a function that restores it. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/**
 * `mail: true` also starts the sandbox's SMTP mailbox and points SMTP_URL at it; otherwise
 * SMTP_URL is unset, so nothing is emailed (no email jobs outlive a test's database).
 */
export async function startSandbox(options: { mail?: boolean } = {}): Promise<RunningSandbox> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const sandbox = createSandbox({ modules, sandboxUrl: url, appOrigins: [TEST_APP_URL] });
  await sandbox.listen(port, "127.0.0.1");
  // Its mailbox when asked: the app's SMTP_URL points at it (sandbox.context.mailbox() reads it).
  const smtp = options.mail ? createSmtpServer({ onMessage: (envelope, raw) => void sandbox.receiveMail(envelope, raw) }) : null;
  const smtpUrl = smtp ? `smtp://127.0.0.1:${(await smtp.listen(0)).port}` : "";
  const saved: Record<string, string | undefined> = {};
  const vars = { ...sandboxAppEnv(url), SMTP_URL: smtpUrl, APP_URL: TEST_APP_URL };
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  resetEnvForTests();
  return {
    sandbox,
    url,
    async stats() {
      const res = await fetch(`${url}/__sandbox/stats`);
      return ((await res.json()) as { counts: Record<string, number> }).counts;
    },
    async close() {
      await sandbox.close();
      await smtp?.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnvForTests();
    },
  };
}

/** Plays the person on the sandbox's consent page: Allow (as `user`) or Cancel. Returns the callback URL. */
export async function consent(authorizeUrl: string, decision: "allow" | "cancel" = "allow", user?: string, extra: Record<string, string> = {}): Promise<string> {
  const u = new URL(authorizeUrl);
  const form = new URLSearchParams(u.searchParams);
  form.set("decision", decision);
  if (user) form.set("sandbox_user", user);
  else {
    // The consent page preselects the first user; read it from the page.
    const page = await (await fetch(authorizeUrl)).text();
    const m = /name="sandbox_user"[^>]*value="([^"]+)"/.exec(page) ?? /value="([^"]+)"[^>]*name="sandbox_user"/.exec(page);
    if (m?.[1]) form.set("sandbox_user", m[1]);
  }
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  const res = await fetch(`${u.origin}${u.pathname}`, { method: "POST", body: form, redirect: "manual" });
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return location;
}

/** A callback request as the browser would send it, with the flow cookie. */
export function callbackRequest(url: string, cookie?: { name: string; value: string }): Request {
  const headers = new Headers();
  if (cookie) headers.set("cookie", `${cookie.name}=${encodeURIComponent(cookie.value)}`);
  return new Request(url, { headers });
}
