import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { memberships, socialConnections } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { finishConnect, startConnect, type TConnectSession } from "@/lib/connections/oauth-routes";
import { completePendingSelection, getPendingSelection } from "@/lib/connections/pending";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { callbackRequest, consent, startSandbox, TEST_APP_URL, type RunningSandbox } from "@/tests/support/sandbox-app";

// Issue 10 #10: the organizations' names are cosmetic. When LinkedIn's batch get
// (GET /rest/organizations?ids=List(…)) fails, the company pages still connect, under their ids,
// with a warning in the log; a later connect that gets the names fills them in.

// Every log line of the process, through the app's own redacting logger.
const lines = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/log", async (importOriginal) => {
  const mod = await importOriginal<typeof import("@/lib/log")>();
  const logger = mod.createLogger({ level: "debug", destination: { write: (line: string) => void lines.push(line) } });
  return { ...mod, logger, childLogger: (bindings: Record<string, unknown>) => logger.child(bindings) };
});

const DANIEL = "k3Jd8ZpW1a";
const BATCH = "api.linkedin.com GET /rest/organizations?ids";
let tdb: TestDatabase;
let sb: RunningSandbox;
let owner: TConnectSession;

async function knobs(body: unknown) {
  const res = await fetch(`${sb.url}/__sandbox/knobs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

/** Connect a LinkedIn company page as Daniel (two pages → the picker) and tick every page. */
async function connectCompanyPages(): Promise<string[]> {
  const start = await startConnect(tdb.db, new Request(`${TEST_APP_URL}/api/social/linkedin/connect?target=company`), owner, "linkedin");
  const pair = (start.headers.get("set-cookie") ?? "").split(";")[0]!;
  const cookie = { name: pair.slice(0, pair.indexOf("=")), value: decodeURIComponent(pair.slice(pair.indexOf("=") + 1)) };
  const callback = await consent(start.headers.get("location")!, "allow", DANIEL);
  const res = await finishConnect(tdb.db, callbackRequest(callback, cookie), owner, "linkedin");
  const location = res.headers.get("location") ?? "";
  const id = /\/connections\/select\/([0-9a-f-]{36})$/.exec(location)?.[1];
  expect(id, location).toBeTruthy();
  const scope = { id: id!, userId: owner.userId, organizationId: owner.organizationId };
  const view = await getPendingSelection(tdb.db, scope);
  const names = view!.choices.map((c) => c.name);
  await completePendingSelection(tdb.db, { ...scope, choiceIds: view!.choices.map((c) => c.id) });
  return names;
}

async function stored() {
  const rows = await tdb.db.select().from(socialConnections).where(eq(socialConnections.organizationId, owner.organizationId));
  return Object.fromEntries(rows.map((r) => [r.providerAccountId, r.displayName]));
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  sb = await startSandbox();
});

beforeEach(async () => {
  sb.sandbox.reset();
  lines.length = 0;
  const user = await createUserWithPersonalOrg(tdb.db, { name: "Owner", email: `owner-${Math.random()}@example.com`, passwordHash: null });
  const [m] = await tdb.db.select().from(memberships).where(eq(memberships.userId, user.id));
  owner = { userId: user.id, organizationId: m!.organizationId, role: "owner" };
});

afterAll(async () => {
  await sb?.close();
  await tdb?.cleanup();
});

describe("LinkedIn company pages when the names cannot be looked up", () => {
  it("connects every administered page under its id, warns in the log, and a later connect finds the names", async () => {
    await knobs({ overrides: { [BATCH]: { failureRate: 1 } } });
    expect(await connectCompanyPages()).toEqual(["Organization 10482931", "Organization 88120456"]);
    expect(await stored()).toEqual({ "10482931": "Organization 10482931", "88120456": "Organization 88120456" });
    const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => /organization names unavailable/.test(String(l.msg)));
    expect(warning).toMatchObject({ level: 40, err: { kind: "transient", status: 500, provider: { host: "api.linkedin.com", path: "/rest/organizations", status: 500 } } });

    await knobs({ overrides: { [BATCH]: { failureRate: 0 } } });
    expect(await connectCompanyPages()).toEqual(["Northwind Coffee Roasters", "Harbor Analytics"]);
    expect(await stored()).toEqual({ "10482931": "Northwind Coffee Roasters", "88120456": "Harbor Analytics" });

    // A failing lookup on a later reconnect keeps the names already known.
    await knobs({ overrides: { [BATCH]: { failureRate: 1 } } });
    await connectCompanyPages();
    expect(await stored()).toEqual({ "10482931": "Northwind Coffee Roasters", "88120456": "Harbor Analytics" });
  });
});
