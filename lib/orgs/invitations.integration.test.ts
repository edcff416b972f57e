import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { invitations } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { acceptInvitation, createInvitation, createOrganization, findOpenInvitation, listMembers, maskEmail, revokeInvitation } from "./invitations";
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

    const [first, second] = await Promise.all([acceptInvitation(db, token, guest), acceptInvitation(db, token, guest)]);
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
    expect(await acceptInvitation(db, token, late)).toEqual({ ok: false, code: "invalid" });
    expect(await findMembership(db, late.id, org.id)).toBeNull();
  });

  it("only the invited address may accept: another signed-in account is refused and the link stays open", async () => {
    const { db } = database;
    const admin = await createUserWithPersonalOrg(db, { name: "Ada Admin", email: "ada@example.com", passwordHash: null });
    const mallory = await createUserWithPersonalOrg(db, { name: "Mallory", email: "mallory@example.com", passwordHash: null });
    const noEmail = await createUserWithPersonalOrg(db, { name: "Insta Only", email: null, passwordHash: null });
    const erin = await createUserWithPersonalOrg(db, { name: "Erin", email: "erin@example.com", passwordHash: null });
    const org = await createOrganization(db, admin.id, "Bound Co");
    // The account's address is compared normalized (case, spaces).
    const { token } = await createInvitation(db, { organizationId: org.id, email: "erin@example.com", role: "admin", invitedBy: admin.id });

    expect(await acceptInvitation(db, token, mallory)).toEqual({ ok: false, code: "wrong_account", maskedEmail: "e***@example.com" });
    expect(await acceptInvitation(db, token, noEmail)).toMatchObject({ ok: false, code: "wrong_account" });
    expect(await findMembership(db, mallory.id, org.id)).toBeNull();
    expect(await findOpenInvitation(db, token)).not.toBeNull();

    expect(await acceptInvitation(db, token, { id: erin.id, email: " Erin@Example.COM " })).toMatchObject({ ok: true, role: "admin" });
    expect((await findMembership(db, erin.id, org.id))?.role).toBe("admin");
    // Single use.
    expect(await acceptInvitation(db, token, erin)).toEqual({ ok: false, code: "invalid" });
  });

  it("a revoked invitation can no longer be accepted, and only its own organization can revoke it", async () => {
    const { db } = database;
    const admin = await createUserWithPersonalOrg(db, { name: "Rita", email: "rita@example.com", passwordHash: null });
    const invitee = await createUserWithPersonalOrg(db, { name: "Ivan", email: "ivan@example.com", passwordHash: null });
    const org = await createOrganization(db, admin.id, "Revoking Co");
    const other = await createOrganization(db, admin.id, "Other Co");
    await createInvitation(db, { organizationId: org.id, email: "ivan@example.com", role: "member", invitedBy: admin.id });
    const { token } = await createInvitation(db, { organizationId: org.id, email: "ivan@example.com", role: "member", invitedBy: admin.id });
    const id = (await findOpenInvitation(db, token))!.id;

    expect(await revokeInvitation(db, other.id, id)).toBe(false);
    expect(await revokeInvitation(db, org.id, id)).toBe(true);
    expect(await revokeInvitation(db, org.id, id)).toBe(false);
    expect(await acceptInvitation(db, token, invitee)).toEqual({ ok: false, code: "invalid" });
    expect((await listMembers(db, org.id)).pending).toHaveLength(1);
  });

  it("masks addresses to their first letter and domain", () => {
    expect(maskEmail("erin@example.com")).toBe("e***@example.com");
    expect(maskEmail("broken")).toBe("***");
  });
});
