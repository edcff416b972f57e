import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { invitations } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { acceptInvitation, createInvitation, createOrganization, findOpenInvitation, listMembers } from "./invitations";
import { findMembership, listMemberships } from "./membership";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.cleanup());

describe("inviting people to an organization by link", () => {
  it("an invite link adds the person with the invited role, once", async () => {
    const { db } = database;
    const owner = await createUserWithPersonalOrg(db, { name: "Olive Owner", email: "olive@example.com", passwordHash: null });
    const guest = await createUserWithPersonalOrg(db, { name: "Gus Guest", email: "gus@example.com", passwordHash: null });
    const org = await createOrganization(db, owner.id, "Acme Agency");
    const { token } = await createInvitation(db, { organizationId: org.id, email: "gus@example.com", role: "admin", invitedBy: owner.id });

    expect(await findOpenInvitation(db, token)).toMatchObject({ organizationName: "Acme Agency", role: "admin" });
    // Only the token's hash is stored.
    const stored = await db.select({ tokenHash: invitations.tokenHash }).from(invitations);
    expect(stored.map((r) => r.tokenHash)).not.toContain(token);

    const [first, second] = await Promise.all([acceptInvitation(db, token, guest.id), acceptInvitation(db, token, guest.id)]);
    expect([first, second].filter((r) => r.ok)).toHaveLength(1);
    expect((await findMembership(db, guest.id, org.id))?.role).toBe("admin");
    expect((await listMemberships(db, guest.id)).map((m) => m.name)).toEqual(["Gus's workspace", "Acme Agency"]);
    expect(await findOpenInvitation(db, token)).toBeNull();
    const { members } = await listMembers(db, org.id);
    expect(members.map((m) => [m.email, m.role])).toEqual([
      ["olive@example.com", "owner"],
      ["gus@example.com", "admin"],
    ]);
  });

  it("an expired link does nothing", async () => {
    const { db } = database;
    const owner = await createUserWithPersonalOrg(db, { name: "Pat", email: "pat@example.com", passwordHash: null });
    const late = await createUserWithPersonalOrg(db, { name: "Late", email: "late@example.com", passwordHash: null });
    const org = await createOrganization(db, owner.id, "Expired Co");
    const { token } = await createInvitation(db, { organizationId: org.id, email: "late@example.com", role: "member", invitedBy: owner.id });
    await db.update(invitations).set({ expiresAt: sql`now() - interval '1 second'` });
    expect(await acceptInvitation(db, token, late.id)).toEqual({ ok: false, code: "invalid" });
    expect(await findMembership(db, late.id, org.id)).toBeNull();
  });
});
