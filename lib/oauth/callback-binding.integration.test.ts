import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { memberships } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { xProvider } from "@/lib/providers/x/provider";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { callbackRequest, consent, startSandbox, type RunningSandbox } from "@/tests/support/sandbox-app";
import { beginOAuth, finishOAuth } from "./engine";

// Issue 10 #7: a callback without the browser's cookie must not burn the real user's flow.

let tdb: TestDatabase;
let sb: RunningSandbox;
let alice: { userId: string; orgId: string };

beforeAll(async () => {
  tdb = await createTestDatabase();
  sb = await startSandbox();
  const user = await createUserWithPersonalOrg(tdb.db, { name: "Alice", email: "alice-binding@example.com", passwordHash: null });
  const [m] = await tdb.db.select().from(memberships).where(eq(memberships.userId, user.id));
  alice = { userId: user.id, orgId: m!.organizationId };
});
afterAll(async () => {
  await sb?.close();
  await tdb?.cleanup();
});

const start = () => beginOAuth(tdb.db, { provider: xProvider, platform: "x", purpose: "connect", userId: alice.userId, organizationId: alice.orgId });
const finish = (request: Request) =>
  finishOAuth(tdb.db, { provider: xProvider, platform: "x", purpose: "connect", request, userId: alice.userId, organizationId: alice.orgId });

describe("the callback consumes only the flow its cookie names", () => {
  it("a leaked callback URL opened without the cookie leaves the real callback working", async () => {
    const { redirectUrl, setCookie } = await start();
    const callback = await consent(redirectUrl, "allow");
    expect(await finish(callbackRequest(callback))).toMatchObject({ ok: false, code: "state_missing" });
    const real = await finish(callbackRequest(callback, setCookie));
    expect(real.ok).toBe(true);
  });

  it("opened with another flow's cookie, it is refused and the real one still works", async () => {
    const mine = await start();
    const theirs = await start();
    const callback = await consent(mine.redirectUrl, "allow");
    expect(await finish(callbackRequest(callback, theirs.setCookie))).toMatchObject({ ok: false, code: "state_mismatch" });
    expect((await finish(callbackRequest(callback, mine.setCookie))).ok).toBe(true);
  });
});
