import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { memberships, oauthFlows } from "@/db/schema";
import { xProvider } from "@/lib/providers/x/provider";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { beginOAuth, finishOAuth } from "./engine";
import { callbackRequest, consent, startSandbox, type RunningSandbox } from "@/tests/support/sandbox-app";

let tdb: TestDatabase;
let sb: RunningSandbox;
let alice: { userId: string; orgId: string };
let bob: { userId: string; orgId: string };

async function person(name: string) {
  const user = await createUserWithPersonalOrg(tdb.db, { name, email: `${name}-${Math.random()}@example.com`, passwordHash: null });
  const [m] = await tdb.db.select().from(memberships).where(eq(memberships.userId, user.id));
  return { userId: user.id, orgId: m!.organizationId };
}

const TOKEN_LABEL = "api.x.com POST /2/oauth2/token";

async function startX(who = alice, returnTo: string | null = null) {
  return beginOAuth(tdb.db, { provider: xProvider, platform: "x", purpose: "connect", userId: who.userId, organizationId: who.orgId, returnTo });
}

function finish(request: Request, who = alice, platform = "x") {
  return finishOAuth(tdb.db, { provider: xProvider, platform, purpose: "connect", request, userId: who.userId, organizationId: who.orgId });
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  sb = await startSandbox();
  alice = await person("alice");
  bob = await person("bob");
});

afterAll(async () => {
  await sb?.close();
  await tdb?.cleanup();
});

describe("the OAuth engine against the sandbox (X)", () => {
  it("the authorize URL asks for exactly X's scopes with an S256 challenge and never carries the verifier (O3, O8)", async () => {
    const { redirectUrl, setCookie } = await startX();
    expect(redirectUrl.startsWith(`${sb.url}/x.com/i/oauth2/authorize?`)).toBe(true);
    const q = new URL(redirectUrl).searchParams;
    expect(q.get("scope")).toBe("tweet.read tweet.write users.read offline.access media.write");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("redirect_uri")).toBe("http://localhost:3000/api/social/x/callback");
    expect(Buffer.from(q.get("state")!, "base64url")).toHaveLength(32);
    expect(setCookie).toMatchObject({ name: "oauth_state_x", options: { httpOnly: true, sameSite: "lax", maxAge: 600 } });
    const [row] = await tdb.db.select().from(oauthFlows).where(eq(oauthFlows.platform, "x")).limit(1);
    expect(row!.codeVerifier).toMatch(/^v1\./);
    expect(row!.stateHash).not.toBe(q.get("state"));
  });

  it("Allow → one code exchange → tokens; opening the same callback again says the link was already used (O2)", async () => {
    const before = (await sb.stats())[TOKEN_LABEL] ?? 0;
    const { redirectUrl, setCookie } = await startX();
    const callback = await consent(redirectUrl, "allow");
    const first = await finish(callbackRequest(callback, setCookie));
    expect(first.ok).toBe(true);
    if (first.ok) {
      expect(first.token.accessToken).toBeTruthy();
      expect(first.token.refreshToken).toBeTruthy();
      expect(first.flow.returnTo).toBe("/connections");
    }
    const second = await finish(callbackRequest(callback, setCookie));
    expect(second).toMatchObject({ ok: false, code: "state_used_or_expired" });
    // The browser's own replay: the first callback cleared the flow cookie, and the link still
    // says it was used (not "start again from this browser").
    expect(await finish(callbackRequest(callback))).toMatchObject({ ok: false, code: "state_used_or_expired" });
    expect((await sb.stats())[TOKEN_LABEL]).toBe(before + 1);
  });

  it("two callbacks fired at once make exactly one token exchange (O2)", async () => {
    const before = (await sb.stats())[TOKEN_LABEL] ?? 0;
    const { redirectUrl, setCookie } = await startX();
    const callback = await consent(redirectUrl, "allow");
    const results = await Promise.all([finish(callbackRequest(callback, setCookie)), finish(callbackRequest(callback, setCookie))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? "" : r.code))).toEqual(["state_used_or_expired"]);
    expect((await sb.stats())[TOKEN_LABEL]).toBe(before + 1);
  });

  it("a callback opened by another user, or without the browser's cookie, is rejected before any exchange (O1)", async () => {
    const before = (await sb.stats())[TOKEN_LABEL] ?? 0;
    const a = await startX();
    const cbA = await consent(a.redirectUrl, "allow");
    expect(await finish(callbackRequest(cbA, a.setCookie), bob)).toMatchObject({ ok: false, code: "session_mismatch" });

    const b = await startX();
    const cbB = await consent(b.redirectUrl, "allow");
    expect(await finish(callbackRequest(cbB))).toMatchObject({ ok: false, code: "state_missing" });

    // Another flow's cookie (browser 2 started its own connect) does not match.
    const c = await startX();
    const d = await startX();
    const cbC = await consent(c.redirectUrl, "allow");
    expect(await finish(callbackRequest(cbC, d.setCookie))).toMatchObject({ ok: false, code: "state_mismatch" });
    expect((await sb.stats())[TOKEN_LABEL] ?? 0).toBe(before);
  });

  it("a tampered state is refused, and a flow sent to another platform's callback is not found there (O4)", async () => {
    const a = await startX();
    const cb = new URL(await consent(a.redirectUrl, "allow"));
    cb.searchParams.set("state", cb.searchParams.get("state")!.replace(/^./, (c) => (c === "A" ? "B" : "A")));
    expect(await finish(callbackRequest(cb.toString(), a.setCookie))).toMatchObject({ ok: false, code: "state_mismatch" });

    const b = await startX();
    const cbB = await consent(b.redirectUrl, "allow");
    const asThreads = cbB.replace("/api/social/x/callback", "/api/social/threads/callback");
    const r = await finish(callbackRequest(asThreads, { name: "oauth_state_threads", value: b.setCookie.value }), alice, "threads");
    expect(r.ok).toBe(false);
  });

  it("Cancel on the consent page ends as consent_denied, and returnTo //evil falls back to /connections (O6)", async () => {
    const { redirectUrl, setCookie } = await startX(alice, "//evil.example/x");
    const callback = await consent(redirectUrl, "cancel");
    const r = await finish(callbackRequest(callback, setCookie));
    expect(r).toMatchObject({ ok: false, code: "consent_denied" });
    expect(r.ok ? "" : r.flow?.returnTo).toBe("/connections");
  });

  it("scopes unticked at the provider end as missing_scopes naming each one", async () => {
    const { redirectUrl, setCookie } = await startX();
    const narrowed = new URL(redirectUrl);
    narrowed.searchParams.set("scope", "tweet.read users.read");
    const r = await finish(callbackRequest(await consent(narrowed.toString(), "allow"), setCookie));
    expect(r).toMatchObject({ ok: false, code: "missing_scopes", missingScopes: ["tweet.write", "offline.access", "media.write"] });
  });

  it("a token endpoint that keeps failing is retried, then reported as provider_unavailable", async () => {
    const knobs = (failureRate: number) =>
      fetch(`${sb.url}/__sandbox/knobs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ overrides: { [TOKEN_LABEL]: { failureRate } } }),
      });
    const before = (await sb.stats())[TOKEN_LABEL] ?? 0;
    const { redirectUrl, setCookie } = await startX();
    const callback = await consent(redirectUrl, "allow");
    await knobs(1);
    try {
      expect(await finish(callbackRequest(callback, setCookie))).toMatchObject({ ok: false, code: "provider_unavailable" });
      expect((await sb.stats())[TOKEN_LABEL]).toBe(before + 3);
    } finally {
      await knobs(0);
    }
  });
});
