import { describe, expect, it } from "vitest";
import { FACEBOOK_APP } from "../../core/apps";
import { advance, call, codeFrom, consent, FB_REDIRECT, fbLogin, graph, igLogin, metaSandbox, ORIGIN, proof } from "../meta/test-helpers";

const DIALOG = "/www.facebook.com/v24.0/dialog/oauth";
const MAYA = "10160938475610293";
const AVA_IG = "17841450000000011"; // Instagram Login: Ava Martins
const q = (extra: Record<string, string> = {}) => ({ client_id: FACEBOOK_APP.clientId, redirect_uri: FB_REDIRECT, state: "xyz", scope: "pages_show_list", ...extra });
const exchange = (s: ReturnType<typeof metaSandbox>, code: string, extra: Record<string, string> = {}) =>
  call(s, "GET", "/graph.facebook.com/v24.0/oauth/access_token", { client_id: FACEBOOK_APP.clientId, client_secret: FACEBOOK_APP.clientSecret, redirect_uri: FB_REDIRECT, code, ...extra });

describe("Facebook Login", () => {
  it("renders a consent page with the app, the scopes, the users and Page checkboxes", async () => {
    const s = metaSandbox();
    const res = await s.handle(new Request(`http://sandbox.test${DIALOG}?${new URLSearchParams(q({ scope: "pages_show_list,business_management", sandbox_user: "10159384756102937" }))}`));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("Switchboard (sandbox) is requesting access");
    expect(html).toContain("pages_show_list");
    expect(html).toContain("Priya Raman");
    expect(html.match(/name="page_ids"/g)).toHaveLength(60);
    expect(html).toContain("Allow");
  });

  it("an unknown client_id or an unregistered redirect_uri shows an error page instead of redirecting", async () => {
    const s = metaSandbox();
    const bad = await s.handle(new Request(`http://sandbox.test${DIALOG}?${new URLSearchParams(q({ client_id: "999" }))}`));
    expect(bad.status).toBe(400);
    expect(bad.headers.get("location")).toBeNull();
    const mismatch = await s.handle(new Request(`http://sandbox.test${DIALOG}?${new URLSearchParams(q({ redirect_uri: `${ORIGIN}/api/social/facebook/callback/` }))}`));
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("URL blocked");
  });

  it("Cancel redirects with error=access_denied, error_reason=user_denied and a description", async () => {
    const s = metaSandbox();
    const { location } = await consent(s, DIALOG, q(), { user: MAYA, decision: "cancel" });
    const u = new URL(location!);
    expect(u.origin + u.pathname).toBe(FB_REDIRECT);
    expect(u.searchParams.get("error")).toBe("access_denied");
    expect(u.searchParams.get("error_reason")).toBe("user_denied");
    expect(u.searchParams.get("error_description")).toBeTruthy();
    expect(u.searchParams.get("state")).toBe("xyz");
    expect(u.searchParams.get("code")).toBeNull();
  });

  it("Allow redirects with code and state; the code buys a 1-hour token", async () => {
    const s = metaSandbox();
    const { location } = await consent(s, DIALOG, q(), { user: MAYA });
    expect(new URL(location!).searchParams.get("state")).toBe("xyz");
    const res = await exchange(s, codeFrom(location));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(res.body.access_token).toMatch(/^EAA/);
  });

  it("permissions unticked under Edit access are not granted; me/permissions lists only the ticked ones", async () => {
    const s = metaSandbox();
    const page = await (await s.handle(new Request(`http://sandbox.test${DIALOG}?${new URLSearchParams(q({ scope: "public_profile,pages_show_list,pages_manage_posts" }))}`))).text();
    expect(page).toContain('name="granted_scope" value="pages_manage_posts" checked');
    expect(page).not.toContain('name="granted_scope" value="public_profile"');
    const { location } = await consent(s, DIALOG, q({ scope: "public_profile,pages_show_list,pages_manage_posts", scope_choice: "1", granted_scope: "pages_show_list" }), { user: MAYA });
    const token = (await exchange(s, codeFrom(location))).body.access_token as string;
    const perms = await graph(s, "GET", "/me/permissions", token);
    expect(perms.body.data.map((p: { permission: string }) => p.permission).sort()).toEqual(["pages_show_list", "public_profile"]);
  });

  it("a replayed code fails with Meta's error", async () => {
    const s = metaSandbox();
    const code = codeFrom((await consent(s, DIALOG, q(), { user: MAYA })).location);
    expect((await exchange(s, code)).status).toBe(200);
    const again = await exchange(s, code);
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ type: "OAuthException", code: 100, error_subcode: 36009, message: "This authorization code has been used." });
    expect(again.body.error.fbtrace_id).toBeTruthy();
  });

  it("a different redirect_uri at the token endpoint fails", async () => {
    const s = metaSandbox();
    const code = codeFrom((await consent(s, DIALOG, q(), { user: MAYA })).location);
    const res = await exchange(s, code, { redirect_uri: `${ORIGIN}/api/social/instagram/callback` });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 100, error_subcode: 36008 });
  });

  it("a wrong client secret fails", async () => {
    const s = metaSandbox();
    const code = codeFrom((await consent(s, DIALOG, q(), { user: MAYA })).location);
    const res = await exchange(s, code, { client_secret: "nope" });
    expect(res.body.error).toMatchObject({ code: 1, message: "Error validating client secret." });
    // The code was not burned by the failed attempt.
    expect((await exchange(s, code)).status).toBe(200);
  });

  it("an expired code fails", async () => {
    const s = metaSandbox();
    const code = codeFrom((await consent(s, DIALOG, q(), { user: MAYA })).location);
    await advance(s, 11 * 60_000);
    const res = await exchange(s, code);
    expect(res.body.error).toMatchObject({ code: 100, message: "This authorization code has expired." });
  });

  it("short-lived tokens expire after an hour; long-lived last 60 days; Page tokens from them don't expire", async () => {
    const s = metaSandbox();
    const short = await fbLogin(s, MAYA, ["pages_show_list"]);
    const long = await fbLogin(s, MAYA, ["pages_show_list"], { longLived: true });
    const pages = await graph(s, "GET", "/me/accounts", long, { fields: "id,access_token" });
    const pageToken = pages.body.data[0].access_token as string;
    await advance(s, 3_601_000);
    const expired = await graph(s, "GET", "/me", short);
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect((await graph(s, "GET", "/me", long)).status).toBe(200);
    await advance(s, 60 * 86_400_000);
    expect((await graph(s, "GET", "/me", long)).body.error.code).toBe(190);
    expect((await graph(s, "GET", "/me", pageToken, { fields: "id,name" })).body).toEqual({ id: "104857392016482", name: "Maya's Bakery" });
  });

  it("fb_exchange_token answers expires_in 5183944 and refuses an expired token", async () => {
    const s = metaSandbox();
    const short = await fbLogin(s, MAYA, ["pages_show_list"]);
    const args = { grant_type: "fb_exchange_token", client_id: FACEBOOK_APP.clientId, client_secret: FACEBOOK_APP.clientSecret, fb_exchange_token: short };
    const ok = await call(s, "GET", "/graph.facebook.com/v24.0/oauth/access_token", args);
    expect(ok.body).toMatchObject({ token_type: "bearer", expires_in: 5183944 });
    await advance(s, 2 * 3_600_000);
    const late = await call(s, "GET", "/graph.facebook.com/v24.0/oauth/access_token", args);
    expect(late.body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it("appsecret_proof must match when sent", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, MAYA, ["pages_show_list"]);
    expect((await graph(s, "GET", "/me", token, { appsecret_proof: proof(token) })).status).toBe(200);
    const bad = await graph(s, "GET", "/me", token, { appsecret_proof: proof(token, "wrong-secret") });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 100, message: "Invalid appsecret_proof provided in the API argument" });
  });

  it("Require App Secret (the default): a user or Page token call without appsecret_proof answers 100 on both Graph hosts; the knob turns it off", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, MAYA, ["pages_show_list"]);
    const missing = await graph(s, "GET", "/me", token, {});
    expect(missing.status).toBe(200); // the helper signs, as the app does
    const unsigned = await call(s, "GET", "/graph.facebook.com/v24.0/me", { access_token: token }, { proof: false });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error).toMatchObject({ code: 100, message: "API calls from the server require an appsecret_proof argument" });
    const { token: igToken } = await igLogin(s, AVA_IG);
    const igUnsigned = await call(s, "GET", "/graph.instagram.com/v24.0/me", { access_token: igToken, fields: "user_id" }, { proof: false });
    expect(igUnsigned.body.error).toMatchObject({ code: 100, message: "API calls from the server require an appsecret_proof argument" });
    // An app token needs no proof.
    const appToken = `${FACEBOOK_APP.clientId}|${FACEBOOK_APP.clientSecret}`;
    expect((await call(s, "GET", `/graph.facebook.com/v24.0/${FACEBOOK_APP.clientId}/subscriptions`, { access_token: appToken }, { proof: false })).status).toBe(200);

    await call(s, "POST", "/__sandbox/knobs", {}, { body: JSON.stringify({ requireAppSecretProof: false }), headers: { "content-type": "application/json" } });
    expect((await call(s, "GET", "/graph.facebook.com/v24.0/me", { access_token: token }, { proof: false })).status).toBe(200);
    expect((await call(s, "GET", "/graph.instagram.com/v24.0/me", { access_token: igToken, fields: "user_id" }, { proof: false })).status).toBe(200);
    // A wrong proof is still refused.
    expect((await graph(s, "GET", "/me", token, { appsecret_proof: proof(token, "wrong-secret") })).body.error).toMatchObject({ code: 100 });
  });

  it("an unknown Graph version answers Meta's error", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, MAYA, ["pages_show_list"]);
    const res = await call(s, "GET", "/graph.facebook.com/v99.0/me", { access_token: token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(2500);
    expect((await call(s, "GET", "/graph.facebook.com/24/me", { access_token: token })).body.error.code).toBe(2500);
  });

  it("client_credentials gives an app token; app_id|app_secret works too; debug_token describes user tokens", async () => {
    const s = metaSandbox();
    const app = await call(s, "GET", "/graph.facebook.com/v24.0/oauth/access_token", { grant_type: "client_credentials", client_id: FACEBOOK_APP.clientId, client_secret: FACEBOOK_APP.clientSecret });
    expect(app.body.access_token).toMatch(new RegExp(`^${FACEBOOK_APP.clientId}\\|`));
    const user = await fbLogin(s, MAYA, ["pages_show_list", "pages_manage_posts"]);
    for (const appToken of [app.body.access_token, `${FACEBOOK_APP.clientId}|${FACEBOOK_APP.clientSecret}`]) {
      const d = await graph(s, "GET", "/debug_token", appToken, { input_token: user });
      expect(d.body.data).toMatchObject({ app_id: FACEBOOK_APP.clientId, type: "USER", is_valid: true, user_id: MAYA, scopes: ["pages_show_list", "pages_manage_posts"] });
    }
  });

  it("DELETE /me/permissions revokes the user's tokens (190/458)", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, MAYA, ["pages_show_list"]);
    expect((await graph(s, "DELETE", "/me/permissions", token)).body).toEqual({ success: true });
    expect((await graph(s, "GET", "/me", token)).body.error).toMatchObject({ code: 190, error_subcode: 458 });
  });

  it("the token-revoked knob kills a user's tokens (password change → 190/460)", async () => {
    const s = metaSandbox();
    const token = await fbLogin(s, MAYA, ["pages_show_list"]);
    const res = await call(s, "POST", "/__sandbox/tokens/revoke", {}, { body: JSON.stringify({ provider: "facebook", userId: MAYA, reason: "password_changed" }), headers: { "content-type": "application/json" } });
    expect(res.body.revoked).toBe(1);
    expect((await graph(s, "GET", "/me", token)).body.error).toMatchObject({ code: 190, error_subcode: 460 });
  });

  it("deauthorize posts a signed_request to the app and revokes the user's tokens", async () => {
    const { createServer } = await import("node:http");
    const got: string[] = [];
    const server = createServer((req, res) => {
      let b = "";
      req.on("data", (c) => (b += c));
      req.on("end", () => {
        got.push(b);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const s = metaSandbox();
      const token = await fbLogin(s, MAYA, ["pages_show_list"]);
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/meta/deauthorize`;
      const res = await call(s, "POST", "/__sandbox/meta/deauthorize", {}, { body: JSON.stringify({ userId: MAYA, callbackUrl: url }), headers: { "content-type": "application/json" } });
      expect(res.body).toMatchObject({ delivered: true, revokedTokens: 1 });
      const signed = new URLSearchParams(got[0]).get("signed_request")!;
      const [sig, payload] = signed.split(".");
      const { createHmac } = await import("node:crypto");
      expect(sig).toBe(createHmac("sha256", FACEBOOK_APP.clientSecret).update(payload!).digest("base64url"));
      expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toMatchObject({ algorithm: "HMAC-SHA256", user_id: MAYA });
      expect((await graph(s, "GET", "/me", token)).body.error.code).toBe(190);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
