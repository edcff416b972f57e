import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { env } from "@/lib/env";
import { isHttpError } from "@/lib/http/errors";
import { summarizeHttpError } from "@/lib/http/log-summary";
import { looksLikeErrorCode, redactDeep, redactSecrets } from "@/lib/http/redact";

export type { Logger } from "pino";

/** Object keys whose values are always replaced, at the top level and two levels down. */
const SECRET_KEYS = [
  "access_token",
  "accessToken",
  "refresh_token",
  "refreshToken",
  "client_secret",
  "clientSecret",
  "code",
  "code_verifier",
  "codeVerifier",
  "password",
  "token",
  "id_token",
  "appsecret_proof",
  "signed_request",
  "fb_exchange_token",
  "input_token",
  "page_access_token",
  "pageAccessToken",
  "botToken",
  "bot_token",
];

const HEADER_PATHS = ["authorization", "cookie", '["set-cookie"]', '["x-api-key"]'].flatMap((h) => {
  const path = h.startsWith("[") ? `headers${h}` : `headers.${h}`;
  return [path, `*.${path}`];
});

export const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  ...HEADER_PATHS,
];

function censor(value: unknown, path: string[]): unknown {
  // Keeps Meta's numeric codes, ECONNREFUSED, `rate_limited`: only OAuth codes are secrets.
  return path[path.length - 1] === "code" && looksLikeErrorCode(value) ? value : "***";
}

type Level = NonNullable<LoggerOptions["level"]>;

function sandboxUrlFromEnv(): string | undefined {
  try {
    return env().SANDBOX_URL;
  } catch {
    return undefined;
  }
}

const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null || Array.isArray(v);
};

/**
 * `err` of a log line. A failed provider request (HttpError, also as another error's property)
 * becomes one flat summary — method, host, redacted path, status, the provider's code and message;
 * other objects an error carries (responses, sockets, requests) are left out, so the line is
 * always serializable and never holds a body or a header.
 */
export function serializeError(e: unknown, depth = 0): unknown {
  if (isHttpError(e)) return summarizeHttpError(e, sandboxUrlFromEnv());
  if (!(e instanceof Error)) return e;
  const base = pino.stdSerializers.err(e) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v instanceof Error || isHttpError(v)) out[k] = depth < 3 ? serializeError(v, depth + 1) : redactSecrets(v.message);
    else if (v === null || typeof v !== "object" || isPlain(v)) out[k] = v;
  }
  // `cause` is folded into message and stack by pino; a provider failure behind it gets its summary too.
  if (isHttpError(e.cause) && out.provider === undefined) out.provider = summarizeHttpError(e.cause, sandboxUrlFromEnv());
  return redactDeep(out);
}

function levelFromEnv(): Level {
  try {
    return env().LOG_LEVEL;
  } catch {
    // A bad configuration is reported by whoever needs it; logging must still work to say so.
    return "info";
  }
}

/** Builds a logger with Switchboard's redaction; tests pass a destination stream to read its output. */
export function createLogger(options: { level?: Level; destination?: DestinationStream } = {}): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? levelFromEnv(),
    base: undefined,
    redact: { paths: REDACT_PATHS, censor },
    serializers: {
      err: (e: unknown) => serializeError(e),
    },
    formatters: {
      // Secrets hidden inside strings (URLs, messages) are not reachable by path-based redaction.
      log: (object) => redactDeep(object),
    },
    hooks: {
      logMethod(args, method) {
        const cleaned: unknown[] = args.map((a: unknown) => (typeof a === "string" ? redactSecrets(a) : a));
        // `logger.error(err)` takes its message from err.message, after this hook.
        if (args[0] instanceof Error && typeof args[1] !== "string") cleaned.splice(1, 0, redactSecrets(args[0].message));
        return method.apply(this, cleaned as Parameters<typeof method>);
      },
      // Last line of defence on the serialized line: child bindings and anything the above missed.
      streamWrite: (line) => redactSecrets(line),
    },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** The process-wide logger. */
export const logger: Logger = createLogger();

/** A logger that adds `bindings` (e.g. `{ module: "oauth", platform }`) to every line. */
export function childLogger(bindings: Record<string, unknown>): Logger {
  return logger.child(bindings);
}
