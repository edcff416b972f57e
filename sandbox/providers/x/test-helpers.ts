/** Test helpers: run the X consent + token flow against an in-process sandbox. */
import { createHash } from "node:crypto";
import { createSandbox, type Sandbox } from "../../core/server";
import { X_APP } from "../../core/apps";
import { x } from "./index";

export const SANDBOX = "http://127.0.0.1:4010";
export const REDIRECT = "http://localhost:3000/api/social/x/callback";
export const BASIC = "Basic " + Buffer.from(`${X_APP.clientId}:${X_APP.clientSecret}`).toString("base64");
export const ALL_SCOPES = "tweet.read tweet.write users.read offline.access media.write";

/** `now` pins the sandbox clock's base, so only `/__sandbox/clock` moves time (no second ticks mid-test). */
export function newSandbox(options: { now?: () => number } = {}): Sandbox {
  return createSandbox({ modules: [x], sandboxUrl: SANDBOX, appOrigins: ["http://localhost:3000"], now: options.now });
}

export function challengeFor(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

export function authorizeParams(over: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    response_type: "code",
    client_id: X_APP.clientId,
    redirect_uri: REDIRECT,
    scope: ALL_SCOPES,
    state: "st4te",
    code_challenge: challengeFor("verifier-".padEnd(50, "v")),
    code_challenge_method: "S256",
    ...over,
  });
}

/** Click Allow as `userId`; returns the redirect Location. */
export async function consent(sandbox: Sandbox, userId: string, params = authorizeParams()): Promise<URL> {
  const form = new URLSearchParams(params);
  form.set("sandbox_user", userId);
  form.set("decision", "allow");
  const res = await sandbox.handle(
    new Request(`${SANDBOX}/x.com/i/oauth2/authorize`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form }),
  );
  if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get("location")!);
}

export async function tokenRequest(sandbox: Sandbox, form: Record<string, string>, auth: string | null = BASIC) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (auth) headers.authorization = auth;
  const res = await sandbox.handle(new Request(`${SANDBOX}/api.x.com/2/oauth2/token`, { method: "POST", headers, body: new URLSearchParams(form) }));
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Full connect: consent as `userId` with `scope`, exchange the code; returns the token response. */
export async function connect(sandbox: Sandbox, userId: string, scope = ALL_SCOPES) {
  const verifier = "verifier-".padEnd(50, "v");
  const loc = await consent(sandbox, userId, authorizeParams({ scope }));
  const r = await tokenRequest(sandbox, {
    grant_type: "authorization_code",
    code: loc.searchParams.get("code")!,
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    client_id: X_APP.clientId,
  });
  if (r.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(r.body)}`);
  return r.body as { access_token: string; refresh_token?: string; scope: string; expires_in: number };
}

export async function api(sandbox: Sandbox, method: string, path: string, token: string, body?: unknown) {
  const res = await sandbox.handle(
    new Request(`${SANDBOX}/api.x.com${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    }),
  );
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}
