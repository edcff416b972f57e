import { beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../core/server";
import { X_APP } from "../../core/apps";
import { X_USERS } from "./fixtures";
import { api, authorizeParams, BASIC, connect, consent, newSandbox, REDIRECT, SANDBOX, tokenRequest } from "./test-helpers";

const ada = X_USERS[0]!;
const VERIFIER = "verifier-".padEnd(50, "v");
let sandbox: Sandbox;
beforeEach(() => {
  sandbox = newSandbox();
});

const exchange = (code: string, over: Record<string, string> = {}, auth: string | null = BASIC) =>
  tokenRequest(sandbox, { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: VERIFIER, client_id: X_APP.clientId, ...over }, auth);

describe("X OAuth 2.0", () => {
  it("renders a consent page on x.com and twitter.com listing the users and scopes", async () => {
    for (const host of ["x.com", "twitter.com"]) {
      const res = await sandbox.handle(new Request(`${SANDBOX}/${host}/i/oauth2/authorize?${authorizeParams()}`));
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("@adaokafor");
      expect(html).toContain("media.write");
    }
  });

  it("rejects a missing or plain PKCE challenge on the dialog, without redirecting", async () => {
    const plain = await sandbox.handle(new Request(`${SANDBOX}/x.com/i/oauth2/authorize?${authorizeParams({ code_challenge_method: "plain" })}`));
    expect(plain.status).toBe(400);
    const params = authorizeParams();
    params.delete("code_challenge");
    const missing = await sandbox.handle(new Request(`${SANDBOX}/x.com/i/oauth2/authorize?${params}`));
    expect(missing.status).toBe(400);
    expect(missing.headers.get("location")).toBeNull();
  });

  it("an unregistered redirect_uri gets an error page, not a redirect", async () => {
    const res = await sandbox.handle(new Request(`${SANDBOX}/x.com/i/oauth2/authorize?${authorizeParams({ redirect_uri: REDIRECT + "/" })}`));
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });

  it("Cancel redirects with error=access_denied and the state", async () => {
    const form = authorizeParams();
    form.set("decision", "cancel");
    form.set("sandbox_user", ada.id);
    const res = await sandbox.handle(new Request(`${SANDBOX}/x.com/i/oauth2/authorize`, { method: "POST", body: form }));
    const loc = new URL(res.headers.get("location")!);
    expect(loc.searchParams.get("error")).toBe("access_denied");
    expect(loc.searchParams.get("state")).toBe("st4te");
  });

  it("exchanges a code for a 2-hour token and a refresh token (offline.access)", async () => {
    const code = (await consent(sandbox, ada.id)).searchParams.get("code")!;
    const r = await exchange(code);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token_type: "bearer", expires_in: 7200, scope: "tweet.read tweet.write users.read offline.access media.write" });
    expect(r.body.refresh_token).toEqual(expect.any(String));
  });

  it("gives no refresh token without offline.access", async () => {
    const t = await connect(sandbox, ada.id, "tweet.read users.read");
    expect(t.refresh_token).toBeUndefined();
  });

  it("a wrong PKCE verifier fails", async () => {
    const code = (await consent(sandbox, ada.id)).searchParams.get("code")!;
    const r = await exchange(code, { code_verifier: "x".repeat(50) });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("invalid_request");
  });

  it("a replayed code fails, and the tokens from its first use are revoked", async () => {
    const code = (await consent(sandbox, ada.id)).searchParams.get("code")!;
    const first = await exchange(code);
    const replay = await exchange(code);
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({ error: "invalid_request", error_description: "Value passed for the token was invalid." });
    expect((await api(sandbox, "GET", "/2/users/me", first.body.access_token)).status).toBe(401);
  });

  it("a redirect_uri different from the authorization request fails", async () => {
    const code = (await consent(sandbox, ada.id)).searchParams.get("code")!;
    const r = await exchange(code, { redirect_uri: "http://localhost:3000/api/social/x/callback2" });
    expect(r.status).toBe(400);
    expect(r.body.error_description).toBe("Value passed for the redirect uri did not match the uri of the authorization code.");
  });

  it("an expired code (older than 30 s) fails", async () => {
    const code = (await consent(sandbox, ada.id)).searchParams.get("code")!;
    sandbox.context.clock.advance(31_000);
    expect((await exchange(code)).status).toBe(400);
  });

  it("missing or wrong client credentials get 401 unauthorized_client", async () => {
    const code = (await consent(sandbox, ada.id)).searchParams.get("code")!;
    const none = await exchange(code, {}, null);
    expect(none.status).toBe(401);
    expect(none.body.error).toBe("unauthorized_client");
    const wrong = await exchange(code, {}, "Basic " + Buffer.from(`${X_APP.clientId}:nope`).toString("base64"));
    expect(wrong.status).toBe(401);
  });

  it("refresh rotates: the new refresh token works, the old one is dead", async () => {
    const t = await connect(sandbox, ada.id);
    const first = await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: t.refresh_token!, client_id: X_APP.clientId });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(t.refresh_token);
    const old = await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: t.refresh_token!, client_id: X_APP.clientId });
    expect(old.status).toBe(400);
    expect(old.body).toEqual({ error: "invalid_request", error_description: "Value passed for the token was invalid." });
    const next = await tokenRequest(sandbox, { grant_type: "refresh_token", refresh_token: first.body.refresh_token, client_id: X_APP.clientId });
    expect(next.status).toBe(200);
  });

  it("an access token stops working after 2 hours and after revoke", async () => {
    const t = await connect(sandbox, ada.id);
    expect((await api(sandbox, "GET", "/2/users/me", t.access_token)).status).toBe(200);
    sandbox.context.clock.advance(7200_000);
    const expired = await api(sandbox, "GET", "/2/users/me", t.access_token);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ title: "Unauthorized", status: 401, type: "about:blank" });

    const t2 = await connect(sandbox, ada.id);
    const res = await sandbox.handle(
      new Request(`${SANDBOX}/api.x.com/2/oauth2/revoke`, {
        method: "POST",
        headers: { authorization: BASIC, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: t2.access_token, token_type_hint: "access_token" }),
      }),
    );
    expect(await res.json()).toEqual({ revoked: true });
    expect((await api(sandbox, "GET", "/2/users/me", t2.access_token)).status).toBe(401);
  });
});
