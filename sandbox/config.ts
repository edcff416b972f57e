/** The only place the sandbox reads process.env. */
import { DEFAULT_APP_ORIGINS } from "./core/apps";

function list(v: string | undefined): string[] | undefined {
  const items = v?.split(",").map((s) => s.trim().replace(/\/+$/, "")).filter(Boolean);
  return items && items.length ? items : undefined;
}

export interface SandboxConfig {
  port: number;
  host: string;
  /** Public base URL for links the sandbox renders (defaults to http://host:port). */
  publicUrl: string;
  appOrigins: string[];
  /** The mailbox's SMTP port (SANDBOX_SMTP_PORT; default: the HTTP port + 1000). */
  smtpPort: number;
  /** Log one line per request. */
  log: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const port = Number(env.SANDBOX_PORT ?? 4010);
  const host = env.SANDBOX_HOST ?? "127.0.0.1";
  return {
    port,
    host,
    publicUrl: (env.SANDBOX_PUBLIC_URL ?? `http://${host}:${port}`).replace(/\/+$/, ""),
    appOrigins: list(env.SANDBOX_APP_ORIGINS) ?? DEFAULT_APP_ORIGINS,
    smtpPort: Number(env.SANDBOX_SMTP_PORT ?? smtpPortFor(port)),
    log: env.SANDBOX_LOG !== "0" && env.SANDBOX_LOG !== "false",
  };
}

/** The SMTP port beside a sandbox HTTP port (4010 → 5010), so E2E stacks and dev agree without configuration. */
export function smtpPortFor(httpPort: number): number {
  return httpPort + 1000;
}
