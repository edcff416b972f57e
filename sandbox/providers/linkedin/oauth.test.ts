import { beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../core/server";
import { LINKEDIN_COMPANY_APP, LINKEDIN_PERSONAL_APP } from "../../core/apps";
import { MEMBERS } from "./fixtures";
import { call, connect, consent, newSandbox, PERSONAL_SCOPES, REDIRECT, SANDBOX, tokenRequest } from "./test-helpers";

const [priya, daniel] = MEMBERS;
const P = LINKEDIN_PERSONAL_APP;
let sandbox: Sandbox;
beforeEach(() => {
  sandbox = newSandbox();
});

const exchange = (code: string, over: Record<string, string> = {}) =>
  tokenRequest(sandbox, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: P.clientId, client_secret: P.clientSecret, ...over });

describe("LinkedIn OAuth", () => {
  it("renders the consent page with the members and requested scopes", async () => {
    const q = new URLSearchParams({ response_type: "code", client_id: P.clientId, redirect_uri: REDIRECT, scope: PERSONAL_SCOPES, state: "s" });
    const res = await sandbox.handle(new Request(`${SANDBOX}/www.linkedin.com/oauth/v2/authorization?${q}`));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Daniel Okonkwo");
    expect(html).toContain("w_member_social");
  });

  it("Cancel redirects with user_cancelled_authorize", async () => {
    const loc = await consent(sandbox, P, priya!.sub, PERSONAL_SCOPES, "cancel");
    expect(loc.searchParams.get("error")).toBe("user_cancelled_authorize");
    expect(loc.searchParams.get("error_description")).toBe("The user cancelled the authorization");
    expect(loc.searchParams.get("state")).toBe("li-state");
  });

  it("a scope the app's products do not include redirects with unauthorized_scope_error", async () => {
    const q = new URLSearchParams({ response_type: "code", client_id: P.clientId, redirect_uri: REDIRECT, scope: "openid rw_organization_admin", state: "s" });
    const res = await sandbox.handle(new Request(`${SANDBOX}/www.linkedin.com/oauth/v2/authorization?${q}`));
    const loc = new URL(res.headers.get("location")!);
    expect(loc.searchParams.get("error")).toBe("unauthorized_scope_error");
    expect(loc.searchParams.get("error_description")).toBe('Scope "rw_organization_admin" is not authorized for your application');
  });

  it("issues a 60-day token without a refresh token for the personal app", async () => {
    const code = (await consent(sandbox, P, priya!.sub, PERSONAL_SCOPES)).searchParams.get("code")!;
    const r = await exchange(code);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ expires_in: 5184000, scope: "openid,profile,email,w_member_social", token_type: "Bearer" });
    expect(r.body.refresh_token).toBeUndefined();
    expect(r.body.id_token.split(".")).toHaveLength(3);
  });

  it("gives the approved partner (company) app a 365-day refresh token that does not rotate", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, daniel!.sub);
    expect(t.refresh_token).toBeDefined();
    const form = { grant_type: "refresh_token", refresh_token: t.refresh_token!, client_id: LINKEDIN_COMPANY_APP.clientId, client_secret: LINKEDIN_COMPANY_APP.clientSecret };
    sandbox.context.clock.advance(10 * 86_400_000);
    const r1 = await tokenRequest(sandbox, form);
    expect(r1.status).toBe(200);
    expect(r1.body.refresh_token).toBe(t.refresh_token);
    expect(Math.abs(r1.body.refresh_token_expires_in - 355 * 86_400)).toBeLessThanOrEqual(2);
    expect((await tokenRequest(sandbox, form)).status).toBe(200);
  });

  it("a replayed code fails", async () => {
    const code = (await consent(sandbox, P, priya!.sub, PERSONAL_SCOPES)).searchParams.get("code")!;
    expect((await exchange(code)).status).toBe(200);
    const replay = await exchange(code);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_request");
  });

  it("a wrong redirect_uri fails", async () => {
    const code = (await consent(sandbox, P, priya!.sub, PERSONAL_SCOPES)).searchParams.get("code")!;
    const r = await exchange(code, { redirect_uri: "http://localhost:3000/api/social/linkedin/callback?x=1" });
    expect(r.status).toBe(400);
    expect(r.body.error_description).toMatch(/^Unable to retrieve access token: appid\/redirect uri\/code verifier does not match/);
  });

  it("a wrong client secret gets 401 invalid_client", async () => {
    const code = (await consent(sandbox, P, priya!.sub, PERSONAL_SCOPES)).searchParams.get("code")!;
    const r = await exchange(code, { client_secret: "nope" });
    expect(r).toEqual({ status: 401, body: { error: "invalid_client", error_description: "Client authentication failed" } });
  });

  it("userinfo answers the OpenID profile; an expired token gets 401", async () => {
    const t = await connect(sandbox, P, priya!.sub);
    const r = await call(sandbox, "GET", "/v2/userinfo", t.access_token);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sub: priya!.sub, name: "Priya Raman", given_name: "Priya", family_name: "Raman", email: "priya.raman@example.com", email_verified: true });
    expect(r.body.picture).toMatch(/^https:\/\/media\.licdn\.com\//);
    sandbox.context.clock.advance(61 * 86_400_000);
    const expired = await call(sandbox, "GET", "/v2/userinfo", t.access_token);
    expect(expired.status).toBe(401);
    expect(expired.body.serviceErrorCode).toBe(65601);
  });

  it("userinfo without openid is ACCESS_DENIED; the company app uses /v2/me instead", async () => {
    const t = await connect(sandbox, LINKEDIN_COMPANY_APP, daniel!.sub);
    expect((await call(sandbox, "GET", "/v2/userinfo", t.access_token)).status).toBe(403);
    const me = await call(sandbox, "GET", "/v2/me", t.access_token);
    expect(me.body).toMatchObject({ id: daniel!.sub, localizedFirstName: "Daniel", localizedLastName: "Okonkwo" });
  });
});
