import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { socialConnections } from "@/db/schema";
import { getFreshAccessToken } from "@/lib/connections/refresh";
import { readAccessToken } from "@/lib/connections/store";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { connect, person } from "@/tests/support/people";
import { startSandbox, type RunningSandbox } from "@/tests/support/sandbox-app";

/**
 * J1: two refreshes of one connection that truly overlap make ONE token request. The sandbox
 * holds X's token endpoint (a barrier) while the first refresh is inside it, holding the row lock;
 * only when the second is provably waiting — on PostgreSQL a backend blocked on a lock, or a
 * second request at the barrier (the lock is gone) — is the endpoint released. On PGlite the
 * second waits on the embedded database's one connection; on PostgreSQL only `FOR UPDATE` stops it.
 */
const X_TOKEN = "api.x.com POST /2/oauth2/token";

for (const engine of ["pglite", "postgres"] as const) {
  describe(`J1 on ${engine}`, () => {
    let tdb: TestDatabase;
    let sb: RunningSandbox;

    beforeAll(async () => {
      tdb = await createTestDatabase({ engine });
      sb = await startSandbox();
    });
    afterAll(async () => {
      await sb?.close();
      await tdb?.cleanup();
    });

    /** True once another backend of this database waits on a lock (PostgreSQL), or never (PGlite). */
    async function someoneWaitsOnALock(): Promise<boolean> {
      if (tdb.raw.kind !== "postgres") return false;
      const { rows } = await tdb.raw.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      return (rows[0]?.n ?? 0) > 0;
    }

    it("two overlapping refreshes of one expired X token make exactly one token request, and both get the new token", async () => {
      const owner = await person(tdb.db, "owner");
      await connect(tdb.db, "x", owner);
      const [row] = await tdb.db.select().from(socialConnections).where(eq(socialConnections.organizationId, owner.organizationId));
      await tdb.db.update(socialConnections).set({ tokenExpiresAt: sql`now() - interval '1 minute'` }).where(eq(socialConnections.id, row!.id));
      const before = (await sb.stats())[X_TOKEN] ?? 0;

      const barrier = sb.sandbox.hold(X_TOKEN);
      const a = getFreshAccessToken(tdb.db, row!.id);
      const b = getFreshAccessToken(tdb.db, row!.id);
      try {
        await barrier.arrived(1);
        // Wait for the second refresh to be stuck behind the first: blocked on the row lock, or
        // (when the lock is missing) at the token endpoint too. On PGlite the second cannot get
        // past the first's transaction, so give it the turns it needs to try.
        for (let turn = 0; barrier.count < 2 && !(await someoneWaitsOnALock()); turn++) {
          if (engine === "pglite" && turn >= 50) break;
          await new Promise((r) => setImmediate(r));
        }
        expect(barrier.count).toBe(1);
      } finally {
        barrier.release();
      }
      const [ra, rb] = await Promise.all([a, b]);
      expect((await sb.stats())[X_TOKEN]).toBe(before + 1);
      expect([ra.refreshed, rb.refreshed].sort()).toEqual([false, true]);
      expect(ra.accessToken).toBe(rb.accessToken);
      const [after] = await tdb.db.select().from(socialConnections).where(eq(socialConnections.id, row!.id));
      expect(after!.tokenVersion).toBe(row!.tokenVersion + 1);
      expect(readAccessToken(after!)).toBe(ra.accessToken);
    });
  });
}
