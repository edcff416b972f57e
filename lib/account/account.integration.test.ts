import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { authSessions, memberships, organizations, socialConnections, users } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { createAuthSession } from "@/lib/auth/sessions";
import { upsertConnections } from "@/lib/connections/store";
import { createOrganization } from "@/lib/orgs/invitations";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { deleteAccount, exportAccount, soleOwnedWorkspaces } from "./account";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.cleanup();
});

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
