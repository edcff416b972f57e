import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessRequests, clientConnections, memberships } from "@/db/schema";
import { createAccessRequestAction, revokeAccessRequestAction } from "@/app/(app)/clients/actions";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { encryptToken } from "@/lib/crypto";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { person } from "@/tests/support/meta-messaging-harness";
import { callAction, outcomeCode, signedInAs, useAppDatabase, type TBrowser } from "@/tests/support/next";
import { hashAccessToken, listAccessRequests, openAccessRequest } from "@/lib/agency/requests";

// Clients → access requests through the real server actions, on a real database.

let database: TestDatabase;
let orgA: string;
let admin: TBrowser;
let member: TBrowser;
let outsider: TBrowser;

beforeAll(async () => {
  database = await createTestDatabase();
  useAppDatabase(database);
  const a = await person(database.db, "Ada");
  orgA = a.orgId;
  admin = await signedInAs(database, a.userId, orgA);
  const m = await createUserWithPersonalOrg(database.db, { name: "Mo", email: "mo@example.com", passwordHash: null });
  await database.db.insert(memberships).values({ organizationId: orgA, userId: m.id, role: "member" });
  member = await signedInAs(database, m.id, orgA);
  const o = await person(database.db, "Oz");
  outsider = await signedInAs(database, o.userId, o.orgId);
});

afterAll(async () => {
  await database?.cleanup();
});

const path = "/clients";
const DAY = 86_400_000;

async function create(input: Record<string, unknown>, as: TBrowser = admin) {
  const out = await callAction(createAccessRequestAction, as, input, path);
  return { code: outcomeCode(out), data: out.kind === "result" && out.result.ok ? out.result.data : null };
}
const tokenOf = (link: string) => new URL(link).pathname.split("/").pop()!;

describe("access requests on the Clients page", () => {
  it("an admin creates a request: a 256-bit link shown once, only its hash stored", async () => {
    const { code, data } = await create({ clientName: "Northwind Bakery", clientEmail: "Owner@Northwind.example", note: "Spring campaign", expiresInDays: "" });
    expect(code).toBe("ok");
    const url = new URL(data!.link);
    expect(url.pathname).toMatch(/^\/access\/[\w-]{43}$/);
    const token = tokenOf(data!.link);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const dump = JSON.stringify(await database.db.execute(sql`select * from access_requests`));
    expect(dump).not.toContain(token);
    expect(dump).toContain(hashAccessToken(token));
    const [listed] = await listAccessRequests(database.db, orgA);
    expect(listed).toMatchObject({ clientName: "Northwind Bakery", clientEmail: "owner@northwind.example", note: "Spring campaign", linkExpiresAt: null, state: { kind: "not_opened" } });
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it("two requests never share a token", async () => {
    const a = await create({ clientName: "One" });
    const b = await create({ clientName: "Two" });
    expect(tokenOf(a.data!.link)).not.toBe(tokenOf(b.data!.link));
  });

  it("opening the link records it once; the list reads 'opened'", async () => {
    const { data } = await create({ clientName: "Opener" });
    const opened = await openAccessRequest(database.db, tokenOf(data!.link));
    expect(opened.ok).toBe(true);
    const first = (await database.db.select().from(accessRequests).where(sql`id = ${data!.id}`))[0]!.openedAt;
    await openAccessRequest(database.db, tokenOf(data!.link), new Date(Date.now() + DAY));
    const again = (await database.db.select().from(accessRequests).where(sql`id = ${data!.id}`))[0]!.openedAt;
    expect(again?.getTime()).toBe(first?.getTime());
    expect((await listAccessRequests(database.db, orgA)).find((r) => r.id === data!.id)!.state).toEqual({ kind: "opened" });
  });

  it("an unknown, malformed or lapsed link is refused", async () => {
    expect(await openAccessRequest(database.db, "x".repeat(43))).toEqual({ ok: false, reason: "unknown" });
    expect(await openAccessRequest(database.db, "../../etc")).toEqual({ ok: false, reason: "unknown" });
    const { data } = await create({ clientName: "Short-lived", expiresInDays: "3" });
    expect((await openAccessRequest(database.db, tokenOf(data!.link), new Date(Date.now() + 2 * DAY))).ok).toBe(true);
    expect(await openAccessRequest(database.db, tokenOf(data!.link), new Date(Date.now() + 4 * DAY))).toEqual({ ok: false, reason: "expired" });
    const later = await listAccessRequests(database.db, orgA, new Date(Date.now() + 4 * DAY));
    expect(later.find((r) => r.id === data!.id)!.state).toEqual({ kind: "expired" });
  });

  it("states follow the client's connection: authorized, assets shared, expiring in N days, expired", async () => {
    const { data } = await create({ clientName: "Connected" });
    const id = crypto.randomUUID();
    const now = Date.now();
    await database.db.insert(clientConnections).values({
      id,
      organizationId: orgA,
      accessRequestId: data!.id,
      metaUserId: "10001",
      accessToken: encryptToken("EAAclient", { table: "client_connections", id, field: "access_token" }),
      tokenExpiresAt: new Date(now + 60 * DAY),
    });
    const stateAt = async (at: number) => (await listAccessRequests(database.db, orgA, new Date(at))).find((r) => r.id === data!.id)!.state;
    expect(await stateAt(now)).toEqual({ kind: "authorized" });
    await database.db.update(clientConnections).set({ assetsSharedAt: new Date(now) }).where(sql`id = ${id}`);
    expect(await stateAt(now)).toEqual({ kind: "assets_shared" });
    expect(await stateAt(now + 50 * DAY)).toEqual({ kind: "expiring", days: 10 });
    expect(await stateAt(now + 60 * DAY)).toEqual({ kind: "expired" });
    const dump = JSON.stringify(await database.db.execute(sql`select * from client_connections`));
    expect(dump).not.toContain("EAAclient");
  });

  it("a member can neither create nor revoke requests (A2), and nothing changes", async () => {
    const before = (await listAccessRequests(database.db, orgA)).length;
    expect((await create({ clientName: "Sneaky" }, member)).code).toBe("forbidden");
    expect(await listAccessRequests(database.db, orgA)).toHaveLength(before);
    const [r] = await listAccessRequests(database.db, orgA);
    expect(outcomeCode(await callAction(revokeAccessRequestAction, member, { id: r!.id }, path))).toBe("forbidden");
    expect((await listAccessRequests(database.db, orgA))[0]!.revokedAt).toBeNull();
  });

  it("another organization's admin cannot revoke our request (A1); our admin can, and the link then dead-ends", async () => {
    const { data } = await create({ clientName: "To revoke" });
    expect(outcomeCode(await callAction(revokeAccessRequestAction, outsider, { id: data!.id }, path))).toBe("not_found");
    expect((await openAccessRequest(database.db, tokenOf(data!.link))).ok).toBe(true);
    expect(outcomeCode(await callAction(revokeAccessRequestAction, admin, { id: data!.id }, path))).toBe("ok");
    expect(await openAccessRequest(database.db, tokenOf(data!.link))).toEqual({ ok: false, reason: "revoked" });
    expect((await listAccessRequests(database.db, orgA)).find((r) => r.id === data!.id)!.state).toEqual({ kind: "revoked" });
    expect(outcomeCode(await callAction(revokeAccessRequestAction, admin, { id: data!.id }, path))).toBe("not_found");
  });

  it("bad input is refused with a clear message", async () => {
    expect((await create({ clientName: "  " })).code).toBe("invalid_input");
    expect((await create({ clientName: "x".repeat(121) })).code).toBe("invalid_input");
    expect((await create({ clientName: "Ok", clientEmail: "not-an-email" })).code).toBe("invalid_input");
    expect((await create({ clientName: "Ok", expiresInDays: "0" })).code).toBe("invalid_input");
    expect((await create({ clientName: "Ok", expiresInDays: "91" })).code).toBe("invalid_input");
  });
});
