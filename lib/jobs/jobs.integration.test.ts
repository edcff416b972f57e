import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { eq, sql } from "drizzle-orm";
import { authSessions, invitations, organizations } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { waitForJob, stopWorkers } from "@/tests/support/jobs";
import { startWorkers } from "./index";

let database: TestDatabase;
let boss: PgBoss;

beforeAll(async () => {
  database = await createTestDatabase();
  boss = await startWorkers(database, { pollingIntervalSeconds: 0.5, schedule: false });
});

afterAll(async () => {
  await stopWorkers(boss);
  await database?.cleanup();
});

describe("background jobs on the app's database", () => {
  it("an enqueued expiry sweep runs in a worker and removes ended sessions and dead invitations", async () => {
    const { db } = database;
    const user = await createUserWithPersonalOrg(db, { name: "Ada", email: "ada@example.com", passwordHash: null });
    const [org] = await db.select().from(organizations);
    const [live] = await db
      .insert(authSessions)
      .values({ userId: user.id, expiresAt: sql`now() + interval '1 day'`, claimedAt: sql`now()` })
      .returning();
    await db.insert(authSessions).values({ userId: user.id, expiresAt: sql`now() - interval '1 minute'` });
    await db.insert(invitations).values({
      organizationId: org!.id,
      email: "bob@example.com",
      role: "member",
      tokenHash: "expired",
      expiresAt: sql`now() - interval '1 minute'`,
    });

    const jobId = await boss.send("expiry-sweep", {});
    expect(await waitForJob(boss, "expiry-sweep", jobId)).toBe("completed");

    const sessions = await db.select({ id: authSessions.id }).from(authSessions);
    expect(sessions).toEqual([{ id: live!.id }]);
    expect(await db.select().from(invitations).where(eq(invitations.tokenHash, "expired"))).toHaveLength(0);
  });
});
