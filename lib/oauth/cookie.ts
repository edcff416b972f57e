import "server-only";
import { sealData, unsealData } from "iron-session";
import { devSecret } from "@/lib/dev-secrets";
import { env, secureCookies } from "@/lib/env";

/** Flow cookies live as long as the flow record: 10 minutes. */
export const FLOW_TTL_SECONDS = 600;

export interface FlowCookieValue {
  /** The flow record's id. */
  f: string;
  /** SHA-256 of the state the browser was sent off with. */
  s: string;
}

export interface CookieToSet {
  name: string;
  value: string;
  options: { httpOnly: true; secure: boolean; sameSite: "lax"; path: string; maxAge: number };
}

/** The iron-session password for what the server seals for itself (flow cookies, flash notices). */
export function sealingPassword(): string {
  return password();
}

function password(): string {
  // A dedicated secret: nothing here is derived from AUTH_SECRET.
  return env().OAUTH_COOKIE_SECRET ?? devSecret("OAUTH_COOKIE_SECRET");
}

/** `oauth_state_<platform>` for creator connects; other purposes get their own suffix so flows never collide. */
export function flowCookieName(platform: string, purpose: string): string {
  const safe = (v: string) => v.replace(/[^a-z0-9_]/gi, "_");
  return purpose === "connect" ? `oauth_state_${safe(platform)}` : `oauth_state_${safe(platform)}_${safe(purpose)}`;
}

function options(maxAge: number): CookieToSet["options"] {
  return { httpOnly: true, secure: secureCookies(), sameSite: "lax", path: "/", maxAge };
}

export async function sealFlowCookie(name: string, value: FlowCookieValue): Promise<CookieToSet> {
  const sealed = await sealData(value, { password: password(), ttl: FLOW_TTL_SECONDS });
  return { name, value: sealed, options: options(FLOW_TTL_SECONDS) };
}

/** The cookie's content, or null when it is absent, expired or forged. */
export async function unsealFlowCookie(raw: string | undefined): Promise<FlowCookieValue | null> {
  if (!raw) return null;
  try {
    const data = await unsealData<Partial<FlowCookieValue>>(raw, { password: password(), ttl: FLOW_TTL_SECONDS });
    return typeof data.f === "string" && typeof data.s === "string" ? { f: data.f, s: data.s } : null;
  } catch {
    return null;
  }
}

export function clearFlowCookie(name: string): CookieToSet {
  return { name, value: "", options: options(0) };
}

/** Serializes a cookie as a Set-Cookie header value (for plain `Response`s). */
export function serializeCookie(cookie: CookieToSet): string {
  const o = cookie.options;
  const parts = [`${cookie.name}=${encodeURIComponent(cookie.value)}`, `Path=${o.path}`, `Max-Age=${o.maxAge}`, "HttpOnly", "SameSite=Lax"];
  if (o.secure) parts.push("Secure");
  return parts.join("; ");
}

/** Reads one cookie from a request's Cookie header. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
