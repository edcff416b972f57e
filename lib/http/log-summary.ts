/**
 * What a log line says about a failed provider request (issue 10 #11): one flat, serializable
 * object — method, provider host, redacted path, status, the provider's error code and message —
 * instead of the error's object graph (its response, headers and causes).
 */
import type { HttpError } from "./errors";
import { redactSecrets } from "./redact";

export interface HttpErrorSummary {
  type: "HttpError";
  kind: HttpError["kind"];
  message: string;
  method: string;
  host: string;
  path: string;
  status?: number;
  attempts: number;
  providerCode?: string;
  providerMessage?: string;
  cause?: string;
}

const MAX_MESSAGE = 300;

function str(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim()) return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * The provider's own error code and message from a JSON error body, by shape:
 * Graph `{error:{code,error_subcode,message}}`, OAuth `{error,error_description}`,
 * Rest.li `{serviceErrorCode,code,message}`, X `{title,detail,errors:[…]}`, Bot API `{error_code,description}`.
 */
export function providerErrorOf(body: unknown): { code?: string; message?: string } {
  const b = obj(body);
  if (!b) return {};
  const nested = obj(b.error);
  if (nested) {
    const code = str(nested.code) ?? str(nested.type);
    const sub = str(nested.error_subcode);
    return { code: code && sub ? `${code}/${sub}` : code, message: str(nested.error_user_msg) ?? str(nested.message) };
  }
  const first = Array.isArray(b.errors) ? obj(b.errors[0]) : undefined;
  const code = str(b.error) ?? str(b.code) ?? str(b.serviceErrorCode) ?? str(b.error_code) ?? str(first?.code) ?? str(b.title) ?? str(b.type);
  const message = str(b.error_description) ?? str(b.message) ?? str(b.detail) ?? str(b.description) ?? str(first?.message);
  return { code, message };
}

/** `https://host/path` of a URL; with `sandboxUrl`, `SANDBOX/host/path` is read back as the provider's host. */
function hostAndPath(url: string, sandboxUrl: string | undefined): { host: string; path: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { host: "", path: "" };
  }
  let host = u.host;
  let path = u.pathname;
  const base = sandboxUrl?.replace(/\/+$/, "");
  if (base && url.startsWith(`${base}/`)) {
    const m = /^\/([^/]+)(\/.*)?$/.exec(path);
    if (m) {
      host = m[1]!;
      path = m[2] ?? "/";
    }
  }
  // Telegram carries the bot token in the path; redactSecrets turns it into /bot***.
  return { host, path: redactSecrets(path) };
}

const clip = (s: string | undefined) => (s === undefined ? undefined : redactSecrets(s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s));

function causeOf(cause: unknown): string | undefined {
  const c = obj(cause);
  if (!c) return undefined;
  const inner = obj(c.cause);
  return str(inner?.code) ?? str(c.code) ?? str(c.name);
}

/** A failed request as a log line's `err`: never a token, a query string or a response body beyond the provider's message. */
export function summarizeHttpError(e: HttpError, sandboxUrl?: string): HttpErrorSummary {
  const { host, path } = hostAndPath(e.url, sandboxUrl);
  const provider = e.response ? providerErrorOf(e.response.jsonOrUndefined()) : {};
  const out: HttpErrorSummary = {
    type: "HttpError",
    kind: e.kind,
    message: clip(`${e.method} ${host}${path} ${e.status !== undefined ? `returned ${e.status}` : e.kind}`)!,
    method: e.method,
    host,
    path,
    attempts: e.attempts,
  };
  if (e.status !== undefined) out.status = e.status;
  if (provider.code !== undefined) out.providerCode = clip(provider.code);
  if (provider.message !== undefined) out.providerMessage = clip(provider.message);
  const cause = e.kind === "network" ? causeOf(e.cause) : undefined;
  if (cause) out.cause = cause;
  return out;
}
