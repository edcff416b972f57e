import { describe, expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import { oauthFlows, socialConnections, userIdentities, users } from "@/db/schema";
import { decryptToken } from "@/lib/crypto";
import { finishOAuth } from "@/lib/oauth";
import { instagramLoginProvider } from "@/lib/providers/instagram_login/provider";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { completeInstagramLogin } from "./complete";
import { signInFailureOf } from "./routes";
import {
  AVA,
  beginInstagramSignIn,
  callbackRequest,
  consent,
  finishInstagramSignIn,
  KENJI,
  LENA,
  signInThroughSandbox,
  TEST_APP_URL,
  useInstagramTestEnv,
} from "@/tests/support/instagram-login-harness";

const t = useInstagramTestEnv({ resetEachTest: true });

const platform = "instagram_login";

const begin = (link: { userId?: string | null; organizationId?: string | null } = {}) => beginInstagramSignIn(t.database.db, link);
const finish = (request: Request) => finishInstagramSignIn(t.database.db, request);
const signIn = (user: string) => signInThroughSandbox(t.database.db, user);

async function counts() {
  const [u] = await t.database.db.select({ n: count() }).from(users);
  const [c] = await t.database.db.select({ n: count() }).from(socialConnections).where(eq(socialConnections.platform, platform));
  return { users: u!.n, connections: c!.n };
}

describe("signing in with Instagram (Business Login) against the sandbox", () => {
  it("asks www.instagram.com for exactly the four instagram_business_* scopes with our exact callback", async () => {
    const { redirectUrl, setCookie } = await begin();
    const url = new URL(redirectUrl);
    expect(url.href.startsWith(`${t.sandbox.url}/www.instagram.com/oauth/authorize?`)).toBe(true);
    expect(url.searchParams.get("scope")).toBe(
      "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_messages,instagram_business_manage_comments",
    );
    expect(url.searchParams.get("redirect_uri")).toBe(`${TEST_APP_URL}/api/auth/instagram/callback`);
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("state")!.length).toBeGreaterThanOrEqual(32);
    // O3: no PKCE verifier (Instagram has no PKCE) and nothing secret in the URL.
    expect(url.searchParams.has("code_verifier")).toBe(false);
    expect(setCookie.options).toMatchObject({ httpOnly: true, sameSite: "lax" });
  });

  it("the documented {data:[…]} response signs Ava up: a user without email, a personal org, an identity and one connection", async () => {
    await t.sandbox.control("/instagram/token-shape", { shape: "data" });
    const outcome = await signIn(AVA.accountId);
    expect(outcome).toMatchObject({ ok: true, mode: "sign_in", created: true });
    if (!outcome.ok) return;
    const [user] = await t.database.db.select().from(users).where(eq(users.id, outcome.userId));
    expect(user).toMatchObject({ email: null, passwordHash: null, name: "Ava Martins" });
    const identities = await t.database.db.select().from(userIdentities).where(eq(userIdentities.userId, outcome.userId));
    expect(identities).toEqual([expect.objectContaining({ provider: "instagram", providerUserId: AVA.accountId })]);
    const [connection] = await t.database.db.select().from(socialConnections).where(eq(socialConnections.id, outcome.connectionId));
    expect(connection).toMatchObject({
      platform,
      providerAccountId: AVA.accountId,
      handle: AVA.username,
      postTargetType: "instagram_account",
      status: "active",
      refreshToken: null,
    });
    // The 60-day token, encrypted at rest.
    expect(connection!.accessToken.startsWith("v1.")).toBe(true);
    const token = decryptToken(connection!.accessToken, { table: "social_connections", id: connection!.id, field: "access_token" });
    expect(token).toMatch(/^IGAA/);
    const days = (connection!.tokenExpiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    const stats = await t.sandbox.stats();
    expect(stats["api.instagram.com POST /oauth/access_token"]).toBe(1);
    expect(stats["graph.instagram.com GET /access_token"]).toBe(1);
  });

  it("the flat {access_token,user_id,permissions} response works too (Kenji)", async () => {
    await t.sandbox.control("/instagram/token-shape", { shape: "flat" });
    const outcome = await signIn(KENJI.accountId);
    expect(outcome).toMatchObject({ ok: true, mode: "sign_in" });
    const [connection] = await t.database.db.select().from(socialConnections).where(eq(socialConnections.providerAccountId, KENJI.accountId));
    expect(connection).toMatchObject({ handle: KENJI.username, status: "active" });
    expect(connection!.scopes).toContain("instagram_business_content_publish");
  });

  it("signing in again with the same account reuses the user and updates its one connection", async () => {
    const before = await counts();
    const first = await signIn(AVA.accountId);
    const again = await signIn(AVA.accountId);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.userId).toBe(first.userId);
    expect(again).toMatchObject({ created: false, connectionId: first.connectionId });
    expect(await counts()).toEqual(before);
    const [row] = await t.database.db.select().from(socialConnections).where(eq(socialConnections.id, first.connectionId));
    expect(row!.tokenVersion).toBeGreaterThan(1);
  });

  it("O1: a callback without this browser's cookie is rejected and creates nothing", async () => {
    const before = await counts();
    const started = await begin();
    const callback = await consent(started.redirectUrl, { user: AVA.accountId });
    const result = await finish(callbackRequest(callback));
    expect(result).toMatchObject({ ok: false });
    expect(await counts()).toEqual(before);
    expect((await t.sandbox.stats())["api.instagram.com POST /oauth/access_token"]).toBeUndefined();
  });

  it("O2: the same callback twice at once exchanges the code once; the other is told to start again", async () => {
    await t.database.db.delete(oauthFlows);
    const started = await begin();
    const callback = await consent(started.redirectUrl, { user: AVA.accountId });
    const results = await Promise.all([finish(callbackRequest(callback, started.setCookie)), finish(callbackRequest(callback, started.setCookie))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const failed = results.find((r) => !r.ok);
    expect(failed && !failed.ok && signInFailureOf(failed.code)).toBe("start_again");
    expect((await t.sandbox.stats())["api.instagram.com POST /oauth/access_token"]).toBe(1);
    const [left] = await t.database.db.select({ n: count() }).from(oauthFlows);
    expect(left!.n).toBe(0);
  });

  it("O4: an Instagram sign-in callback is not accepted as a creator connect callback", async () => {
    const started = await begin();
    const callback = await consent(started.redirectUrl, { user: AVA.accountId });
    const result = await finishOAuth(t.database.db, {
      provider: instagramLoginProvider,
      platform,
      purpose: "connect",
      request: callbackRequest(callback, started.setCookie),
      userId: null,
      organizationId: null,
    });
    expect(result.ok).toBe(false);
    expect((await t.sandbox.stats())["api.instagram.com POST /oauth/access_token"]).toBeUndefined();
  });

  it("Cancel on Instagram's page says the person cancelled (access_denied)", async () => {
    const started = await begin();
    const callback = await consent(started.redirectUrl, { decision: "cancel" });
    expect(new URL(callback).searchParams.get("error")).toBe("access_denied");
    const result = await finish(callbackRequest(callback, started.setCookie));
    expect(result.ok || signInFailureOf(result.code)).toBe("consent_denied");
  });

  it("a code that was already used gets Instagram's 'Matching code was not found or was already used' → start again", async () => {
    const first = await begin();
    const used = await consent(first.redirectUrl, { user: AVA.accountId });
    expect((await finish(callbackRequest(used, first.setCookie))).ok).toBe(true);
    // A new flow in this browser, answered with the old code.
    const second = await begin();
    const state = new URL(second.redirectUrl).searchParams.get("state")!;
    const replay = new URL(used);
    replay.searchParams.set("state", state);
    const result = await finish(callbackRequest(replay.toString(), second.setCookie));
    expect(result.ok || signInFailureOf(result.code)).toBe("code_used");
  });

  it("a redirect URI mismatch at the token endpoint is a configuration problem", async () => {
    const started = await begin();
    const callback = await consent(started.redirectUrl, { user: AVA.accountId });
    await t.database.db.update(oauthFlows).set({ redirectUri: `${TEST_APP_URL}/somewhere-else` });
    const result = await finish(callbackRequest(callback, started.setCookie));
    expect(result.ok || signInFailureOf(result.code)).toBe("misconfigured");
  });

  it("a wrong app secret is a configuration problem", async () => {
    const started = await begin();
    const callback = await consent(started.redirectUrl, { user: AVA.accountId });
    const { resetEnvForTests } = await import("@/lib/env");
    process.env.INSTAGRAM_APP_SECRET = "not-the-secret";
    resetEnvForTests();
    try {
      const result = await finish(callbackRequest(callback, started.setCookie));
      expect(result.ok || signInFailureOf(result.code)).toBe("misconfigured");
    } finally {
      process.env.INSTAGRAM_APP_SECRET = "sandbox-instagram-app-secret";
      resetEnvForTests();
    }
  });

  it("a signed-in user links Instagram; signing in with Instagram later lands in the same account", async () => {
    const owner = await createUserWithPersonalOrg(t.database.db, { name: "Grace Hopper", email: `grace-${Date.now()}@example.com`, passwordHash: null });
    const [{ orgId } = { orgId: "" }] = await t.database.db.execute<{ orgId: string }>(
      sql`select organization_id as "orgId" from memberships where user_id = ${owner.id}`,
    ).then((r) => (Array.isArray(r) ? r : (r as { rows: { orgId: string }[] }).rows));
    const started = await begin({ userId: owner.id, organizationId: orgId });
    const callback = await consent(started.redirectUrl, { user: LENA.accountId });
    const result = await finish(callbackRequest(callback, started.setCookie));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const linked = await completeInstagramLogin(t.database.db, { token: result.token, ctx: result.ctx, linkUserId: owner.id, linkOrganizationId: orgId });
    expect(linked).toMatchObject({ ok: true, mode: "link", userId: owner.id });
    const later = await signIn(LENA.accountId);
    expect(later).toMatchObject({ ok: true, userId: owner.id, created: false });
    const [user] = await t.database.db.select().from(users).where(eq(users.id, owner.id));
    expect(user!.name).toBe("Grace Hopper");
    const rows = await t.database.db.select().from(socialConnections).where(eq(socialConnections.providerAccountId, LENA.accountId));
    expect(rows).toHaveLength(1);
  });

  it("linking an Instagram account that already signs in to someone else is refused, and nothing moves", async () => {
    const ava = await signIn(AVA.accountId);
    const other = await createUserWithPersonalOrg(t.database.db, { name: "Mallory", email: `mallory-${Date.now()}@example.com`, passwordHash: null });
    const started = await begin({ userId: other.id, organizationId: null });
    const callback = await consent(started.redirectUrl, { user: AVA.accountId });
    const result = await finish(callbackRequest(callback, started.setCookie));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const linked = await completeInstagramLogin(t.database.db, { token: result.token, ctx: result.ctx, linkUserId: other.id, linkOrganizationId: null });
    expect(linked).toEqual({ ok: false, code: "already_linked" });
    const identities = await t.database.db.select().from(userIdentities).where(eq(userIdentities.providerUserId, AVA.accountId));
    expect(identities.map((i) => i.userId)).toEqual([ava.userId]);
  });
});
