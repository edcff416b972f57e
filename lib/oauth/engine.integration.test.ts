import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { sealData } from "iron-session";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { memberships, oauthFlows } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { threadsProvider } from "@/lib/providers/threads/provider";
import { xProvider } from "@/lib/providers/x/provider";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { joinOrganization } from "@/tests/support/people";
import { FLOW_TTL_SECONDS, sealingPassword, unsealFlowCookie } from "./cookie";
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

describe("finishOAuth refuses before any code exchange", () => {
  const exchanges = async () => (await sb.stats())[TOKEN_LABEL] ?? 0;
  const flowCount = async () => (await tdb.db.select({ id: oauthFlows.id }).from(oauthFlows)).length;
  /** The consent's callback URL with some query parameters replaced (null removes one). */
  function withParams(callback: string, params: Record<string, string | null>): string {
    const u = new URL(callback);
    for (const [k, v] of Object.entries(params)) {
      if (v === null) u.searchParams.delete(k);
      else u.searchParams.set(k, v);
    }
    return u.toString();
  }

  it("a flow past its 10 minutes is state_used_or_expired: consumed, no exchange", async () => {
    const { redirectUrl, setCookie } = await startX();
    const callback = await consent(redirectUrl, "allow");
    const flowId = (await unsealFlowCookie(setCookie.value))!.f;
    await tdb.db.update(oauthFlows).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(oauthFlows.id, flowId));
    const before = await exchanges();
    expect(await finish(callbackRequest(callback, setCookie))).toMatchObject({ ok: false, code: "state_used_or_expired", flow: { id: flowId } });
    expect(await exchanges()).toBe(before);
    expect(await tdb.db.select().from(oauthFlows).where(eq(oauthFlows.id, flowId))).toHaveLength(0);
  });

  it("the same user finishing in another of their organizations, or another member of the same organization, is session_mismatch (A1)", async () => {
    // Alice also belongs to Bob's organization, Bob to Alice's: only the exact user AND organization may finish.
    await joinOrganization(tdb.db, alice.userId, bob.orgId, "admin");
    await joinOrganization(tdb.db, bob.userId, alice.orgId, "admin");
    const before = await exchanges();
    const a = await startX();
    const cbA = await consent(a.redirectUrl, "allow");
    expect(await finish(callbackRequest(cbA, a.setCookie), { userId: alice.userId, orgId: bob.orgId })).toMatchObject({ ok: false, code: "session_mismatch" });
    const b = await startX();
    const cbB = await consent(b.redirectUrl, "allow");
    expect(await finish(callbackRequest(cbB, b.setCookie), { userId: bob.userId, orgId: alice.orgId })).toMatchObject({ ok: false, code: "session_mismatch" });
    expect(await exchanges()).toBe(before);
  });

  it("a flow that started signed out (a sign-in purpose, anonymous) is finished by the browser holding its cookie, whoever is signed in", async () => {
    const { redirectUrl, setCookie } = await beginOAuth(tdb.db, { provider: xProvider, platform: "x", purpose: "connect", userId: null, organizationId: null });
    const callback = await consent(redirectUrl, "allow");
    const request = callbackRequest(callback, setCookie);
    const r = await finishOAuth(tdb.db, { provider: xProvider, platform: "x", purpose: "connect", request, userId: alice.userId, organizationId: alice.orgId, anonymous: true });
    expect(r.ok).toBe(true);
  });

  it("a state over 512 characters is refused before any lookup: state_missing without the cookie, state_mismatch with it; 512 is still looked up", async () => {
    const { redirectUrl, setCookie } = await startX();
    const callback = await consent(redirectUrl, "allow");
    const flows = await flowCount();
    expect(await finish(callbackRequest(withParams(callback, { state: "a".repeat(513) })))).toMatchObject({ ok: false, code: "state_missing" });
    // 512 characters are hashed and looked up: no flow has that state, so the link is "used or expired".
    expect(await finish(callbackRequest(withParams(callback, { state: "a".repeat(512) })))).toMatchObject({ ok: false, code: "state_used_or_expired" });
    expect(await finish(callbackRequest(withParams(callback, { state: "a".repeat(513) }), setCookie))).toMatchObject({ ok: false, code: "state_mismatch" });
    expect(await finish(callbackRequest(withParams(callback, { state: null }), setCookie))).toMatchObject({ ok: false, code: "state_mismatch" });
    expect(await flowCount()).toBe(flows);
    // Nothing above touched the flow: the real callback still works.
    expect((await finish(callbackRequest(callback, setCookie))).ok).toBe(true);
  });

  it("a provider error naming a scope is misconfigured, unless its error_reason says the person denied it; either way no exchange", async () => {
    const before = await exchanges();
    const outcome = async (params: Record<string, string | null>) => {
      const { redirectUrl, setCookie } = await startX();
      const callback = await consent(redirectUrl, "allow");
      const r = await finish(callbackRequest(withParams(callback, { code: null, ...params }), setCookie));
      return r.ok ? "ok" : r.code;
    };
    expect(await outcome({ error: "invalid_scope" })).toBe("misconfigured");
    expect(await outcome({ error: "invalid_scope", error_reason: "user_denied" })).toBe("consent_denied");
    expect(await outcome({ error: "ACCESS_DENIED" })).toBe("consent_denied");
    expect(await outcome({ error: "server_error" })).toBe("consent_denied");
    // An error wins over a code sent with it.
    const { redirectUrl, setCookie } = await startX();
    const callback = await consent(redirectUrl, "allow");
    expect(await finish(callbackRequest(withParams(callback, { error: "access_denied" }), setCookie))).toMatchObject({ ok: false, code: "consent_denied" });
    expect(await exchanges()).toBe(before);
  });

  it("a callback without a code is invalid_grant with no exchange; a code with Instagram's trailing #_ is exchanged without it", async () => {
    const before = await exchanges();
    const a = await startX();
    const cbA = await consent(a.redirectUrl, "allow");
    expect(await finish(callbackRequest(withParams(cbA, { code: null }), a.setCookie))).toMatchObject({ ok: false, code: "invalid_grant" });
    expect(await exchanges()).toBe(before);
    const b = await startX();
    const cbB = await consent(b.redirectUrl, "allow");
    const code = new URL(cbB).searchParams.get("code")!;
    expect((await finish(callbackRequest(withParams(cbB, { code: `${code}#_` }), b.setCookie))).ok).toBe(true);
    expect(await exchanges()).toBe(before + 1);
  });

  it("a flow cookie sealed with our secret but missing a field counts as no cookie: state_missing, the flow kept", async () => {
    const { redirectUrl, setCookie } = await startX();
    const callback = await consent(redirectUrl, "allow");
    const real = (await unsealFlowCookie(setCookie.value))!;
    const seal = (value: object) => sealData(value, { password: sealingPassword(), ttl: FLOW_TTL_SECONDS });
    for (const value of [{ f: real.f }, { s: real.s }, { f: real.f, s: 1 }, { f: 1, s: real.s }]) {
      const forged = { name: setCookie.name, value: await seal(value) };
      expect(await unsealFlowCookie(forged.value)).toBeNull();
      expect(await finish(callbackRequest(callback, forged))).toMatchObject({ ok: false, code: "state_missing" });
    }
    expect(await unsealFlowCookie(await seal(real))).toEqual(real);
    expect((await finish(callbackRequest(callback, setCookie))).ok).toBe(true);
  });
});

describe("finishOAuth's exchange", () => {
  it("Threads: the code's short-lived token is exchanged for the 60-day one with the flow's target and credentials", async () => {
    const LONG = "graph.threads.net GET /access_token";
    const before = (await sb.stats())[LONG] ?? 0;
    const start = await beginOAuth(tdb.db, { provider: threadsProvider, platform: "threads", purpose: "connect", userId: alice.userId, organizationId: alice.orgId });
    const callback = await consent(start.redirectUrl, "allow");
    const request = callbackRequest(callback, start.setCookie);
    const r = await finishOAuth(tdb.db, { provider: threadsProvider, platform: "threads", purpose: "connect", request, userId: alice.userId, organizationId: alice.orgId });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.token.expiresIn).toBeGreaterThan(50 * 86_400);
    expect(r.ctx).toMatchObject({ target: r.flow.target, credentials: { clientId: process.env.THREADS_APP_ID } });
    expect((await sb.stats())[LONG]).toBe(before + 1);
  });

  it("a callback arriving after the platform's credentials were removed is not_configured, with no exchange", async () => {
    const { redirectUrl, setCookie } = await startX();
    const callback = await consent(redirectUrl, "allow");
    const before = (await sb.stats())[TOKEN_LABEL] ?? 0;
    const saved = process.env.X_CLIENT_SECRET;
    delete process.env.X_CLIENT_SECRET;
    resetEnvForTests();
    try {
      expect(await finish(callbackRequest(callback, setCookie))).toMatchObject({ ok: false, code: "not_configured" });
    } finally {
      process.env.X_CLIENT_SECRET = saved;
      resetEnvForTests();
    }
    expect((await sb.stats())[TOKEN_LABEL] ?? 0).toBe(before);
  });
});
