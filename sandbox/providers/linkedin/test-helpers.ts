/** Test helpers: the LinkedIn consent + token flow and API calls against an in-process sandbox. */
import { createSandbox, type Sandbox } from "../../core/server";
import { LINKEDIN_COMPANY_APP, LINKEDIN_PERSONAL_APP } from "../../core/apps";
import { linkedin } from "./index";

export const SANDBOX = "http://127.0.0.1:4010";
export const REDIRECT = "http://localhost:3000/api/social/linkedin/callback";
export const PERSONAL_SCOPES = "openid profile email w_member_social";
export const COMPANY_SCOPES = "r_basicprofile w_member_social rw_organization_admin w_organization_social";
export type AppDef = typeof LINKEDIN_PERSONAL_APP | typeof LINKEDIN_COMPANY_APP;

export function newSandbox(): Sandbox {
  return createSandbox({ modules: [linkedin], sandboxUrl: SANDBOX, appOrigins: ["http://localhost:3000"] });
}

/** The current month as a LinkedIn-Version, on the sandbox clock. */
export function currentVersion(sandbox: Sandbox, monthsAgo = 0): string {
  const d = new Date(sandbox.context.clock.now());
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - monthsAgo);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

export async function consent(sandbox: Sandbox, app: AppDef, sub: string, scope: string, decision = "allow"): Promise<URL> {
  const form = new URLSearchParams({ response_type: "code", client_id: app.clientId, redirect_uri: REDIRECT, scope, state: "li-state", sandbox_user: sub, decision });
  const res = await sandbox.handle(new Request(`${SANDBOX}/www.linkedin.com/oauth/v2/authorization`, { method: "POST", body: form }));
  if (res.status !== 302) throw new Error(`consent answered ${res.status}`);
  return new URL(res.headers.get("location")!);
}

export async function tokenRequest(sandbox: Sandbox, form: Record<string, string>) {
  const res = await sandbox.handle(new Request(`${SANDBOX}/www.linkedin.com/oauth/v2/accessToken`, { method: "POST", body: new URLSearchParams(form) }));
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

export async function connect(sandbox: Sandbox, app: AppDef, sub: string, scope = app === LINKEDIN_COMPANY_APP ? COMPANY_SCOPES : PERSONAL_SCOPES) {
  const code = (await consent(sandbox, app, sub, scope)).searchParams.get("code")!;
  const r = await tokenRequest(sandbox, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: app.clientId, client_secret: app.clientSecret });
  if (r.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(r.body)}`);
  return r.body as { access_token: string; refresh_token?: string; expires_in: number; scope: string };
}

export async function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  token: string,
  opts: { body?: unknown; version?: string | null; raw?: BodyInit; protocol?: string | null } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (opts.protocol !== null) headers["x-restli-protocol-version"] = opts.protocol ?? "2.0.0";
  const version = opts.version === undefined ? currentVersion(sandbox) : opts.version;
  if (version !== null && path.startsWith("/rest")) headers["linkedin-version"] = version;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const url = path.startsWith("http") ? path : `${SANDBOX}/api.linkedin.com${path}`;
  const res = await sandbox.handle(new Request(url, { method, headers, body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined) }));
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
}

export function postBody(author: string, commentary: string, content?: unknown) {
  return {
    author,
    commentary,
    visibility: "PUBLIC",
    distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: "PUBLISHED",
    isReshareDisabledByAuthor: false,
    ...(content ? { content } : {}),
  };
}
