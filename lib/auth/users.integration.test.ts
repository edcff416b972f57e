import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { memberships, organizations, users } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { claimAuthSession, createAuthSession, deleteAuthSession, findSessionUser } from "./sessions";
import { checkPassword, signUpWithPassword } from "./users";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.cleanup());

describe("accounts", () => {
  it("a new user gets a personal organization they own, and an argon2id password hash", async () => {
    const result = await signUpWithPassword(database.db, { name: "Ada Lovelace", email: "ada@example.com", password: "correct horse battery" });
    expect(result.ok).toBe(true);
    const user = result.ok ? result.user : undefined;
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const rows = await database.db
      .select({ role: memberships.role, name: organizations.name, personal: organizations.personal })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(eq(memberships.userId, user!.id));
    expect(rows).toEqual([{ role: "owner", name: "Ada's workspace", personal: true }]);
  });

  it("two sign-ups with the same email at once create one user", async () => {
    const input = { name: "Grace", email: "grace@example.com", password: "correct horse battery" };
    const results = await Promise.all([signUpWithPassword(database.db, input), signUpWithPassword(database.db, input)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: "email_taken" }]);
    expect(await database.db.select().from(users).where(eq(users.email, "grace@example.com"))).toHaveLength(1);
  });

  it("tells a wrong password from an unknown email", async () => {
    await signUpWithPassword(database.db, { name: "Lin", email: "lin@example.com", password: "correct horse battery" });
    expect(await checkPassword(database.db, { email: "lin@example.com", password: "nope nope nope" })).toEqual({ ok: false, code: "wrong_password" });
    expect(await checkPassword(database.db, { email: "nobody@example.com", password: "x" })).toEqual({ ok: false, code: "unknown_email" });
    expect((await checkPassword(database.db, { email: "lin@example.com", password: "correct horse battery" })).ok).toBe(true);
  });

  it("a session ticket is claimed once, and signing out ends the session", async () => {
    const result = await signUpWithPassword(database.db, { name: "Max", email: "max@example.com", password: "correct horse battery" });
    const userId = result.ok ? result.user.id : "";
    const ticket = await createAuthSession(database.db, userId);
    const [first, second] = await Promise.all([claimAuthSession(database.db, ticket), claimAuthSession(database.db, ticket)]);
    expect([first, second].filter(Boolean)).toEqual([userId]);
    expect((await findSessionUser(database.db, ticket))?.id).toBe(userId);
    await deleteAuthSession(database.db, ticket);
    expect(await findSessionUser(database.db, ticket)).toBeNull();
  });
});
