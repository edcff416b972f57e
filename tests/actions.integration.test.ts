import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { orgAction, orgActionOf, orgOperation, requireRole, ActionFailure } from "@/lib/actions";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { callAction, outcomeCode, signedInAs, signedOut, useAppDatabase, type TBrowser } from "@/tests/support/next";
import { joinOrganization, person } from "@/tests/support/people";

// lib/actions.ts's organization guard, on its own: who may run an org action of each minimum
// role, and that the step never runs for anyone refused (issue 9: mutation score of lib/actions.ts).
let tdb: TestDatabase;
let ran: Array<{ value: string; organizationId: string; role: string }>;
const browsers: Record<"owner" | "admin" | "member", TBrowser> = {} as never;
let organizationId: string;

const schema = z.object({ value: z.string().min(2, "Too short") });
const record = async (input: { value: string }, ctx: { org: { organizationId: string; role: string } }) => {
  ran.push({ value: input.value, organizationId: ctx.org.organizationId, role: ctx.org.role });
  return `did ${input.value}`;
};
const adminAction = orgAction("admin", schema, record);
const ownerAction = orgActionOf(orgOperation({ role: "owner", schema, run: record }));
const memberAction = orgAction("member", schema, record);

beforeAll(async () => {
  tdb = await createTestDatabase();
  useAppDatabase(tdb);
  const owner = await person(tdb.db, "Olga");
  organizationId = owner.organizationId;
  const admin = await person(tdb.db, "Adam");
  await joinOrganization(tdb.db, admin.userId, organizationId, "admin");
  const member = await person(tdb.db, "Mira");
  await joinOrganization(tdb.db, member.userId, organizationId, "member");
  browsers.owner = await signedInAs(tdb, owner.userId, organizationId);
  browsers.admin = await signedInAs(tdb, admin.userId, organizationId);
  browsers.member = await signedInAs(tdb, member.userId, organizationId);
});

afterAll(async () => {
  await tdb?.cleanup();
});

async function attempt(action: typeof adminAction, who: TBrowser, value = "go") {
  ran = [];
  const outcome = await callAction(action, who, { value });
  return { outcome, ran };
}

describe("orgAction (lib/actions.ts)", () => {
  it("runs an admin action for the owner and an admin, in the organization they work in, with the parsed input", async () => {
    for (const [who, role] of [["owner", "owner"], ["admin", "admin"]] as const) {
      const { outcome, ran } = await attempt(adminAction, browsers[who]);
      expect(outcome.kind === "result" && outcome.result).toEqual({ ok: true, data: "did go" });
      expect(ran).toEqual([{ value: "go", organizationId, role }]);
    }
  });

  it("refuses a plain member an admin action with forbidden, and the step never runs", async () => {
    const { outcome, ran } = await attempt(adminAction, browsers.member);
    expect(outcome.kind === "result" && outcome.result).toEqual({
      ok: false,
      error: { code: "forbidden", message: "Only an organization owner or admin can do this." },
    });
    expect(ran).toEqual([]);
  });

  it("refuses an admin an owner operation (orgActionOf), naming the owner, and the step never runs", async () => {
    const { outcome, ran } = await attempt(ownerAction, browsers.admin);
    expect(outcome.kind === "result" && outcome.result).toEqual({
      ok: false,
      error: { code: "forbidden", message: "Only an organization owner can do this." },
    });
    expect(ran).toEqual([]);
    const asOwner = await attempt(ownerAction, browsers.owner);
    expect(outcomeCode(asOwner.outcome)).toBe("ok");
    expect(asOwner.ran).toHaveLength(1);
  });

  it("lets a plain member run a member action", async () => {
    const { outcome, ran } = await attempt(memberAction, browsers.member);
    expect(outcomeCode(outcome)).toBe("ok");
    expect(ran).toEqual([{ value: "go", organizationId, role: "member" }]);
  });

  it("answers unauthenticated without a session, with the sign-in message, and the step never runs", async () => {
    const { outcome, ran } = await attempt(memberAction, signedOut);
    expect(outcome.kind === "result" && outcome.result).toEqual({
      ok: false,
      error: { code: "unauthenticated", message: "Your session has ended. Sign in again." },
    });
    expect(ran).toEqual([]);
  });

  it("checks the role before the input: a member sending bad input is forbidden, an admin gets invalid_input", async () => {
    expect(outcomeCode((await attempt(adminAction, browsers.member, "x")).outcome)).toBe("forbidden");
    const { outcome, ran } = await attempt(adminAction, browsers.admin, "x");
    expect(outcomeCode(outcome)).toBe("invalid_input");
    expect(ran).toEqual([]);
  });
});

describe("requireRole", () => {
  it("passes at or above the minimum and throws forbidden below it", () => {
    expect(() => requireRole("owner", "owner")).not.toThrow();
    expect(() => requireRole("owner", "admin")).not.toThrow();
    expect(() => requireRole("admin", "admin")).not.toThrow();
    expect(() => requireRole("member", "member")).not.toThrow();
    for (const [role, minimum] of [["admin", "owner"], ["member", "admin"], ["member", "owner"]] as const) {
      let thrown: unknown;
      try {
        requireRole(role, minimum);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ActionFailure);
      expect((thrown as ActionFailure).error.code).toBe("forbidden");
    }
  });
});
