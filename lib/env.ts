import { z } from "zod";
import { ZDatabaseEnv } from "@/db/config";

/**
 * Every environment variable Switchboard reads, parsed in one place.
 * Nothing else in the app reads `process.env` (the sandbox is a separate program), except
 * db/config.ts for the database's own DATABASE_URL and DATA_DIR (db/ does not import lib/); its
 * schema is part of this one, so a bad value is reported here with the rest.
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "true" || v === "1"));

export const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    APP_URL: z.url().default("http://localhost:3000"),
    ...ZDatabaseEnv.shape,
    AUTH_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    TOKEN_ENCRYPTION_KEYS: optionalString,
    /** Seals the short-lived OAuth state cookies (iron-session); its own secret, never derived from AUTH_SECRET. */
    OAUTH_COOKIE_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    RUN_WORKERS: bool(true),
    SANDBOX_URL: optionalString.pipe(z.url().optional()),
    /** E2E only: lets tests age their own rows (lib/e2e-hooks); allowed only with SANDBOX_URL. */
    E2E_TEST_HOOKS: bool(false),
    /**
     * How many reverse proxies in front of the app append to X-Forwarded-For (0: clients connect
     * directly; the socket's address is the client). lib/rate-limit/keys.ts.
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** smtp://user:pass@host:587 or smtps://…:465; without it no email is sent (notifications stay in the app). */
    SMTP_URL: optionalString.pipe(z.url().refine((u) => /^smtps?:\/\//.test(u), "must start with smtp:// or smtps://").optional()),
    /** The From of every email; default `Switchboard <no-reply@APP_URL's host>`. */
    MAIL_FROM: optionalString,
    HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    GRAPH_API_VERSION: z
      .string()
      .regex(/^v\d+\.\d$/, "must look like v24.0")
      .default("v24.0"),
    LINKEDIN_API_VERSION: z
      .string()
      .regex(/^\d{6}$/, "must be YYYYMM")
      .default("202610"),
    FACEBOOK_APP_ID: optionalString,
    FACEBOOK_APP_SECRET: optionalString,
    META_WEBHOOK_VERIFY_TOKEN: optionalString,
    /** The Meta app has the Human Agent permission: replies up to 7 days after the person's last message (HUMAN_AGENT tag). */
    META_HUMAN_AGENT: bool(false),
    INSTAGRAM_APP_ID: optionalString,
    INSTAGRAM_APP_SECRET: optionalString,
    THREADS_APP_ID: optionalString,
    THREADS_APP_SECRET: optionalString,
    X_CLIENT_ID: optionalString,
    X_CLIENT_SECRET: optionalString,
    LINKEDIN_CLIENT_ID: optionalString,
    LINKEDIN_CLIENT_SECRET: optionalString,
    LINKEDIN_COMPANY_CLIENT_ID: optionalString,
    LINKEDIN_COMPANY_CLIENT_SECRET: optionalString,
  })
  .superRefine((v, ctx) => {
    if (v.E2E_TEST_HOOKS && !v.SANDBOX_URL) {
      ctx.addIssue({ code: "custom", path: ["E2E_TEST_HOOKS"], message: "is only allowed with SANDBOX_URL (end-to-end tests against the sandbox)" });
    }
    if (v.NODE_ENV !== "production") return;
    // In production nothing may be generated on the fly: secrets must be configured.
    for (const key of ["AUTH_SECRET", "TOKEN_ENCRYPTION_KEYS", "OAUTH_COOKIE_SECRET"] as const) {
      if (!v[key]) {
        ctx.addIssue({ code: "custom", path: [key], message: "is required in production" });
      }
    }
  });

export type TEnv = z.infer<typeof ZEnv>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses a raw environment; throws an EnvError naming every missing or malformed variable. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const result = ZEnv.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "environment";
    const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
    return `${name} ${message}`;
  });
  throw new EnvError(problems);
}

let cached: TEnv | undefined;

/** The parsed environment of this process (parsed once, on first use). */
export function env(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests and scripts that change the environment call this to re-read it. */
export function resetEnvForTests(): void {
  cached = undefined;
}

/** Cookies are `Secure` whenever the app is served over https (always, in a real deployment). */
export function secureCookies(): boolean {
  return env().APP_URL.startsWith("https://");
}
