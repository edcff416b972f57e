import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { authSessions, memberships, organizations, socialConnections, users } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { createAuthSession } from "@/lib/auth/sessions";
import { upsertConnections } from "@/lib/connections/store";
import { createOrganization } from "@/lib/orgs/invitations";
import { readAccessToken } from "@/lib/connections/store";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { connect, joinOrganization } from "@/tests/support/people";
import { startSandbox, type RunningSandbox } from "@/tests/support/sandbox-app";
import { deleteAccount, exportAccount, soleOwnedWorkspaces } from "./account";

let tdb: TestDatabase;
let sb: RunningSandbox;
beforeAll(async () => {
  tdb = await createTestDatabase();
  sb = await startSandbox();
});
afterAll(async () => {
  await sb?.close();
  await tdb?.cleanup();
});

const X_REVOKE = "api.x.com POST /2/oauth2/revoke";
const LINKEDIN_REVOKE = "www.linkedin.com POST /oauth/v2/revoke";
/** The sandbox's answer to X's "who am I" with this token: 200 while it lives, 401 once revoked. */
const xMe = async (token: string) => (await fetch(`${sb.url}/api.x.com/2/users/me`, { headers: { authorization: `Bearer ${token}` } })).status;

async function person(name: string) {
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const user = await createUserWithPersonalOrg(tdb.db, { name, email, passwordHash: null });
  const [m] = await tdb.db.select().from(memberships).where(eq(memberships.userId, user.id));
  return { user, email, personal: m!.organizationId };
}

describe("account deletion", () => {
  it("needs the typed email; then deletes the account and the workspaces it alone owns, and nothing of others", async () => {
    const ada = await person("Ada");
    const bob = await person("Bob");
    // Shared with another owner: stays. Ada's team with Bob as a member: goes (Ada is its only owner).
    const shared = await createOrganization(tdb.db, bob.user.id, "Shared Studio");
    await tdb.db.insert(memberships).values({ organizationId: shared.id, userId: ada.user.id, role: "owner" });
    const team = await createOrganization(tdb.db, ada.user.id, "Ada Team");
    await tdb.db.insert(memberships).values({ organizationId: team.id, userId: bob.user.id, role: "member" });
    await upsertConnections(tdb.db, {
      organizationId: team.id, userId: ada.user.id, platform: "telegram",
      accounts: [{ providerAccountId: "-100123", displayName: "Team Channel", postTargetType: "channel", appType: "personal", accessToken: "123:SECRETTOKEN", scopes: [], details: {} }],
    });
    await createAuthSession(tdb.db, ada.user.id);

    expect((await soleOwnedWorkspaces(tdb.db, ada.user.id)).map((w) => [w.name, w.members]).sort()).toEqual([["Ada Team", 2], ["Ada's workspace", 1]]);

    expect(await deleteAccount(tdb.db, ada.user.id, "ada@example.com")).toEqual({ ok: false, code: "confirmation_mismatch" });
    expect(await tdb.db.select().from(users).where(eq(users.id, ada.user.id))).toHaveLength(1);

    expect(await deleteAccount(tdb.db, ada.user.id, ` ${ada.email.toUpperCase()} `)).toEqual({ ok: true, workspaces: 2 });
    expect(await tdb.db.select().from(users).where(eq(users.id, ada.user.id))).toHaveLength(0);
    expect(await tdb.db.select().from(authSessions).where(eq(authSessions.userId, ada.user.id))).toHaveLength(0);
    const orgs = (await tdb.db.select().from(organizations)).map((o) => o.id);
    expect(orgs).not.toContain(ada.personal);
    expect(orgs).not.toContain(team.id);
    expect(orgs).toContain(shared.id);
    expect(orgs).toContain(bob.personal);
    expect(await tdb.db.select().from(socialConnections).where(eq(socialConnections.organizationId, team.id))).toHaveLength(0);
    // Bob keeps his account and his workspaces.
    expect((await tdb.db.select().from(memberships).where(eq(memberships.userId, bob.user.id))).map((m) => m.organizationId).sort()).toEqual([bob.personal, shared.id].sort());
  });

  it("revokes at X and LinkedIn the tokens of the workspaces that go, after the typed confirmation only; a shared workspace's connection keeps its live token", async () => {
    const eve = await person("Eve");
    const dan = await person("Dan");
    const shared = await createOrganization(tdb.db, dan.user.id, "Dan and Eve");
    await joinOrganization(tdb.db, eve.user.id, shared.id, "owner");
    const mine = { userId: eve.user.id, organizationId: eve.personal, role: "owner" as const };
    await connect(tdb.db, "x", mine);
    await connect(tdb.db, "linkedin", mine, { user: "yR7cT2mQ9v" });
    await connect(tdb.db, "x", { userId: eve.user.id, organizationId: shared.id, role: "owner" }, { user: "1719203847561234433" });
    const [myX] = await tdb.db.select().from(socialConnections).where(and(eq(socialConnections.organizationId, eve.personal), eq(socialConnections.platform, "x")));
    const [sharedX] = await tdb.db.select().from(socialConnections).where(eq(socialConnections.organizationId, shared.id));
    expect(await xMe(readAccessToken(myX!))).toBe(200);
    const before = await sb.stats();

    expect(await deleteAccount(tdb.db, eve.user.id, "not my email")).toEqual({ ok: false, code: "confirmation_mismatch" });
    expect(await sb.stats()).toEqual(before);

    expect(await deleteAccount(tdb.db, eve.user.id, eve.email)).toEqual({ ok: true, workspaces: 1 });
    const after = await sb.stats();
    expect((after[X_REVOKE] ?? 0) - (before[X_REVOKE] ?? 0)).toBe(1);
    expect((after[LINKEDIN_REVOKE] ?? 0) - (before[LINKEDIN_REVOKE] ?? 0)).toBe(1);
    expect(await xMe(readAccessToken(myX!))).toBe(401);
    // The shared workspace stays with Dan, and so does its X connection and its token.
    expect(await xMe(readAccessToken(sharedX!))).toBe(200);
    expect(await tdb.db.select().from(socialConnections).where(eq(socialConnections.organizationId, shared.id))).toHaveLength(1);
  });

  it("the export is the person's data as JSON, without any token", async () => {
    const cy = await person("Cy");
    await upsertConnections(tdb.db, {
      organizationId: cy.personal, userId: cy.user.id, platform: "telegram",
      accounts: [{ providerAccountId: "-100999", displayName: "Cy News", postTargetType: "channel", appType: "personal", accessToken: "999:TOPSECRETBOTTOKEN", scopes: [], details: {} }],
    });
    const data = await exportAccount(tdb.db, cy.user.id);
    expect(data!.profile).toMatchObject({ name: "Cy", email: cy.email });
    expect(data!.workspaces).toEqual([expect.objectContaining({ name: "Cy's workspace", role: "owner" })]);
    expect(data!.connections).toEqual([expect.objectContaining({ platform: "telegram", displayName: "Cy News" })]);
    const text = JSON.stringify(data);
    expect(text).not.toContain("TOPSECRETBOTTOKEN");
    expect(text).not.toMatch(/v1:|accessToken|passwordHash/);
  });
});
