import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { resetEnvForTests } from "@/lib/env";
import { listPendingPages, storePendingPages } from "@/lib/meta-messaging";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { POST } from "@/app/api/e2e-hooks/age/route";
import { POST as signUpHook } from "@/app/api/e2e-hooks/sign-up/route";
import { ageRows } from "@/lib/e2e-hooks/age";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.cleanup();
});

const page = (id: string) => ({ id, name: `Page ${id}`, pictureUrl: null, accessToken: `EAA${id}token`, instagram: null });

async function personWithList(name: string) {
  const email = `${name}-${Math.random().toString(36).slice(2)}@example.com`;
  const user = await createUserWithPersonalOrg(database.db, { name, email, passwordHash: null });
  const [membership] = await database.db.query.memberships.findMany({ where: (m, { eq }) => eq(m.userId, user.id) });
  await storePendingPages(database.db, { organizationId: membership!.organizationId, userId: user.id, pages: [page("1"), page("2")] });
  return { email, userId: user.id, organizationId: membership!.organizationId };
}

describe("aging rows for E2E tests", () => {
  it("moves only this person's Page list past its 5-minute TTL", async () => {
    const alice = await personWithList("alice");
    const bob = await personWithList("bob");
    expect(await ageRows(database.db, { table: "pending_choices", email: alice.email.toUpperCase(), seconds: 302 })).toBe(1);
    expect((await listPendingPages(database.db, alice.organizationId, alice.userId)).status).toBe("expired");
    expect((await listPendingPages(database.db, bob.organizationId, bob.userId)).status).toBe("ready");
  });

  it("the sign-up hook does not exist unless E2E_TEST_HOOKS is set, and creates no account", async () => {
    const before = process.env.E2E_TEST_HOOKS;
    delete process.env.E2E_TEST_HOOKS;
    resetEnvForTests();
    try {
      const email = `hook-${Math.random().toString(36).slice(2)}@example.com`;
      const res = await signUpHook(new Request("http://localhost/api/e2e-hooks/sign-up", { method: "POST", body: JSON.stringify({ name: "Hook", email, password: "correct horse battery" }) }));
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("not_found");
      expect(await database.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, email) })).toBeUndefined();
    } finally {
      if (before !== undefined) process.env.E2E_TEST_HOOKS = before;
      resetEnvForTests();
    }
  });

  it("the route does not exist unless E2E_TEST_HOOKS is set", async () => {
    const before = process.env.E2E_TEST_HOOKS;
    delete process.env.E2E_TEST_HOOKS;
    resetEnvForTests();
    try {
      const res = await POST(new Request("http://localhost/api/e2e-hooks/age", { method: "POST", body: JSON.stringify({ table: "pending_choices", email: "a@example.com", seconds: 1 }) }));
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("not_found");
    } finally {
      if (before !== undefined) process.env.E2E_TEST_HOOKS = before;
      resetEnvForTests();
    }
  });
});
