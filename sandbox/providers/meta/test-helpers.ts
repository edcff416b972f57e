/** Helpers for the Meta family's tests: a sandbox, the consent round trip, Graph calls. */
import { createHmac } from "node:crypto";
import { FACEBOOK_APP, INSTAGRAM_APP, THREADS_APP } from "../../core/apps";
import { createSandbox, type Sandbox } from "../../core/server";
import { facebookModule } from "../facebook";
import { instagramModule } from "../instagram";
import { threadsModule } from "../threads";

export const BASE = "http://sandbox.test";
export const ORIGIN = "http://localhost:3000";
export const FB_REDIRECT = `${ORIGIN}/api/social/facebook/callback`;
export const IG_REDIRECT = `${ORIGIN}/api/social/instagram_login/callback`;
export const TH_REDIRECT = `${ORIGIN}/api/social/threads/callback`;

export function metaSandbox(): Sandbox {
  return createSandbox({ modules: [facebookModule, instagramModule, threadsModule], sandboxUrl: BASE, appOrigins: [ORIGIN] });
}

/** The app whose secret signs `appsecret_proof` for calls on a Graph host ("Require App Secret"). */
const PROOF_SECRET: Record<string, string> = {
  "graph.facebook.com": FACEBOOK_APP.clientSecret,
  "graph.instagram.com": INSTAGRAM_APP.clientSecret,
};

/**
 * One request to the sandbox. Like the app, calls on graph.facebook.com / graph.instagram.com
 * with a token carry `appsecret_proof` (the sandbox requires it by default); pass
 * `{ proof: false }` to send none.
 */
export async function call(
  s: Sandbox,
  method: string,
  path: string,
  params: Record<string, string> = {},
  init: RequestInit & { proof?: boolean } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const url = new URL(BASE + path);
  let body: BodyInit | undefined;
  const headers = new Headers(init.headers);
  const secret = PROOF_SECRET[url.pathname.split("/")[1] ?? ""];
  const token = params.access_token ?? headers.get("authorization")?.replace(/^Bearer\s+/i, "");
  if (secret && token && init.proof !== false && params.appsecret_proof === undefined && !/^\d+\|/.test(token)) {
    url.searchParams.set("appsecret_proof", createHmac("sha256", secret).update(token).digest("hex"));
  }
  if (method === "GET" || method === "DELETE") for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  else if (init.body === undefined) {
    body = new URLSearchParams(params).toString();
    headers.set("content-type", "application/x-www-form-urlencoded");
  } else body = init.body ?? undefined;
  const res = await s.handle(new Request(url, { method, headers, body }));
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // HTML or plain text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export const graph = (s: Sandbox, method: string, path: string, token: string, params: Record<string, string> = {}) =>
  call(s, method, `/graph.facebook.com/v24.0${path}`, { ...params, access_token: token });

/** Submit the consent form: Allow (optionally with chosen assets) or Cancel; returns the redirect Location. */
export async function consent(
  s: Sandbox,
  dialogPath: string,
  query: Record<string, string>,
  opts: { user?: string; decision?: "allow" | "cancel"; assets?: Record<string, string[]> } = {},
): Promise<{ status: number; location: string | null; html?: string }> {
  const form = new URLSearchParams(query);
  form.set("decision", opts.decision ?? "allow");
  if (opts.user) form.set("sandbox_user", opts.user);
  if (!opts.user) {
    // Like the browser: the first user is preselected on the page.
    const page = await s.handle(new Request(`${BASE}${dialogPath}?${new URLSearchParams(query)}`));
    const html = await page.text();
    const m = html.match(/name="sandbox_user" value="([^"]+)" checked/);
    if (!m) return { status: page.status, location: page.headers.get("location"), html };
    form.set("sandbox_user", m[1]!);
  }
  for (const [field, ids] of Object.entries(opts.assets ?? {})) for (const id of ids) form.append(field, id);
  const res = await s.handle(new Request(`${BASE}${dialogPath}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() }));
  return { status: res.status, location: res.headers.get("location"), html: res.status === 302 ? undefined : await res.text() };
}

export function codeFrom(location: string | null): string {
  const code = new URL(location!).searchParams.get("code");
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

/** Facebook Login for one user: consent (all assets ticked unless given) → short-lived token, optionally long-lived. */
export async function fbLogin(s: Sandbox, userId: string, scopes: string[], opts: { longLived?: boolean; assets?: Record<string, string[]> } = {}): Promise<string> {
  const dialog = await s.handle(
    new Request(`${BASE}/www.facebook.com/v24.0/dialog/oauth?${new URLSearchParams({ client_id: FACEBOOK_APP.clientId, redirect_uri: FB_REDIRECT, state: "st", scope: scopes.join(","), sandbox_user: userId })}`),
  );
  const html = await dialog.text();
  const assets: Record<string, string[]> = opts.assets ?? {};
  if (!opts.assets) {
    for (const m of html.matchAll(/type="checkbox" name="([^"]+)" value="([^"]+)" checked/g)) (assets[m[1]!] ??= []).push(m[2]!);
  }
  const loc = await consent(s, "/www.facebook.com/v24.0/dialog/oauth", { client_id: FACEBOOK_APP.clientId, redirect_uri: FB_REDIRECT, state: "st", scope: scopes.join(",") }, { user: userId, assets });
  const code = codeFrom(loc.location);
  const short = await call(s, "GET", "/graph.facebook.com/v24.0/oauth/access_token", { client_id: FACEBOOK_APP.clientId, client_secret: FACEBOOK_APP.clientSecret, redirect_uri: FB_REDIRECT, code });
  if (!opts.longLived) return short.body.access_token;
  const long = await call(s, "GET", "/graph.facebook.com/v24.0/oauth/access_token", {
    grant_type: "fb_exchange_token",
    client_id: FACEBOOK_APP.clientId,
    client_secret: FACEBOOK_APP.clientSecret,
    fb_exchange_token: short.body.access_token,
  });
  return long.body.access_token;
}

export async function igLogin(s: Sandbox, userId: string, scopes = ["instagram_business_basic", "instagram_business_content_publish", "instagram_business_manage_messages"]): Promise<{ token: string; body: any }> {
  const loc = await consent(s, "/www.instagram.com/oauth/authorize", { client_id: INSTAGRAM_APP.clientId, redirect_uri: IG_REDIRECT, response_type: "code", scope: scopes.join(","), state: "st" }, { user: userId });
  const code = codeFrom(loc.location);
  const res = await call(s, "POST", "/api.instagram.com/oauth/access_token", { client_id: INSTAGRAM_APP.clientId, client_secret: INSTAGRAM_APP.clientSecret, grant_type: "authorization_code", redirect_uri: IG_REDIRECT, code });
  const token = res.body.data?.[0]?.access_token ?? res.body.access_token;
  return { token, body: res.body };
}

export async function threadsLogin(s: Sandbox, userId: string, scopes = ["threads_basic", "threads_content_publish"]): Promise<string> {
  const loc = await consent(s, "/threads.net/oauth/authorize", { client_id: THREADS_APP.clientId, redirect_uri: TH_REDIRECT, response_type: "code", scope: scopes.join(","), state: "st" }, { user: userId });
  const res = await call(s, "POST", "/graph.threads.net/oauth/access_token", { client_id: THREADS_APP.clientId, client_secret: THREADS_APP.clientSecret, grant_type: "authorization_code", redirect_uri: TH_REDIRECT, code: codeFrom(loc.location) });
  return res.body.access_token;
}

export const proof = (token: string, secret: string = FACEBOOK_APP.clientSecret) => createHmac("sha256", secret).update(token).digest("hex");

export async function advance(s: Sandbox, ms: number): Promise<void> {
  await call(s, "POST", "/__sandbox/clock", {}, { body: JSON.stringify({ advanceMs: ms }), headers: { "content-type": "application/json" } });
}
