import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { pendingChoices } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { joinOrganization, person } from "@/tests/support/people";
import { createPendingChoice, findPendingChoice, takePendingChoice, type TPendingOwner } from "./pending-choices";

// The one pending-choice store on its own (PGlite): whose a choice is, which one a read or a take
// names, single use, expiry by the database clock. Its two users' flows are tested in
// lib/connections and lib/meta-messaging.
let tdb: TestDatabase;
let olga: TPendingOwner;
let olgaElsewhere: TPendingOwner;
let colleague: TPendingOwner;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const o = await person(tdb.db, "Olga");
  const c = await person(tdb.db, "Carl");
  const other = await person(tdb.db, "Vera");
  await joinOrganization(tdb.db, c.userId, o.organizationId, "admin");
  await joinOrganization(tdb.db, o.userId, other.organizationId, "admin");
  olga = { kind: "connect", userId: o.userId, organizationId: o.organizationId };
  olgaElsewhere = { ...olga, organizationId: other.organizationId };
  colleague = { ...olga, userId: c.userId };
});

afterAll(async () => {
  await tdb?.cleanup();
});

const offer = (...ids: string[]) => ids.map((id) => ({ id, name: `Account ${id}` }));
const create = (owner: TPendingOwner, ids: string[], secret: unknown = { token: `t-${ids.join("-")}` }) =>
  createPendingChoice(tdb.db, { ...owner, platform: "linkedin", choices: offer(...ids), secret });
const exists = async (id: string) => (await tdb.db.select({ id: pendingChoices.id }).from(pendingChoices).where(eq(pendingChoices.id, id))).length === 1;

describe("the pending-choice store", () => {
  it("is read and taken only by its owner: the same kind, person and organization; others find nothing and take nothing", async () => {
    const id = await create(olga, ["a"], { token: "secret-a" });
    for (const stranger of [colleague, olgaElsewhere, { ...olga, kind: "meta_page" as const }]) {
      expect(await findPendingChoice(tdb.db, { ...stranger, id })).toBeNull();
      expect(await findPendingChoice(tdb.db, stranger)).toBeNull();
      expect(await takePendingChoice(tdb.db, { ...stranger, id })).toBeNull();
    }
    expect(await exists(id)).toBe(true);
    expect(await findPendingChoice(tdb.db, { ...olga, id })).toMatchObject({ id, platform: "linkedin", choices: offer("a"), live: true });
    expect(await takePendingChoice(tdb.db, { ...olga, id })).toMatchObject({ id, secret: { token: "secret-a" }, live: true, returnTo: null, providerUserId: null });
    expect(await takePendingChoice(tdb.db, { ...olga, id })).toBeNull();
    expect(await exists(id)).toBe(false);
  });

  it("with an id, the choice named is read and taken, not the person's latest; without one, the latest", async () => {
    const older = await create(olga, ["old"]);
    const newer = await create(olga, ["new"]);
    expect((await findPendingChoice(tdb.db, { ...olga, id: older }))?.id).toBe(older);
    expect((await findPendingChoice(tdb.db, olga))?.id).toBe(newer);
    expect(await takePendingChoice(tdb.db, { ...olga, id: older })).toMatchObject({ id: older, choices: offer("old"), secret: { token: "t-old" } });
    expect(await exists(newer)).toBe(true);
    const newest = await create(olga, ["newest"]);
    expect((await takePendingChoice(tdb.db, olga))?.id).toBe(newest);
  });

  it("with a choiceId, only a choice that offers it is taken: a wrong id leaves the list alone", async () => {
    const id = await create(olga, ["p1", "p2"]);
    expect(await takePendingChoice(tdb.db, { ...olga, choiceId: "p3" })).toBeNull();
    expect(await takePendingChoice(tdb.db, { ...olga, id, choiceId: "p" })).toBeNull();
    expect(await exists(id)).toBe(true);
    expect((await takePendingChoice(tdb.db, { ...olga, choiceId: "p2" }))?.id).toBe(id);
  });

  it("past its expiry by the database clock a choice is read and taken as not live (the caller says expired)", async () => {
    const id = await create(olga, ["x"]);
    await tdb.db.update(pendingChoices).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(pendingChoices.id, id));
    expect(await findPendingChoice(tdb.db, { ...olga, id })).toMatchObject({ id, live: false });
    expect(await takePendingChoice(tdb.db, { ...olga, id })).toMatchObject({ id, live: false });
    expect(await exists(id)).toBe(false);
  });
});
