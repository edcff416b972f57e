/**
 * Server render of the Connections page for a creator with 60 Facebook Pages (issue 10 #17):
 * `next start` on a production build, GET /connections with a real session cookie, median time
 * to the whole HTML over warm runs. Uses the build in NEXT_DIST_DIR (or `.next-bench`, built on
 * first use: a few minutes).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Bench, BenchRow } from "./support/types";

const RUNS = 25;
const WARMUP = 5;
const PAGES = 60;
const DIST = process.env.NEXT_DIST_DIR ?? ".next-bench";

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A user, their organization, 60 Facebook Page connections and a signed-in session, in a fresh embedded database. */
async function seed(env: Record<string, string>): Promise<string> {
  Object.assign(process.env, env);
  const { resetEnvForTests } = await import("@/lib/env");
  resetEnvForTests();
  const { openPglite } = await import("@/db/client");
  const { migrate } = await import("@/db/migrate");
  const { createUserWithPersonalOrg } = await import("@/lib/auth/users");
  const { memberships } = await import("@/db/schema");
  const { upsertConnections } = await import("@/lib/connections/store");
  const { createAuthSession, claimAuthSession } = await import("@/lib/auth/sessions");
  const { encode } = await import("next-auth/jwt");
  const { eq } = await import("drizzle-orm");
  const database = openPglite(path.resolve(env.DATA_DIR!, "pglite"));
  try {
    await migrate(database);
    const user = await createUserWithPersonalOrg(database.db, { name: "Priya Raman", email: `bench-${Date.now()}@example.com`, passwordHash: null });
    const [m] = await database.db.select().from(memberships).where(eq(memberships.userId, user.id));
    const cities = ["Austin", "Boise", "Albany", "Juneau", "Denver", "Salem", "Helena", "Dover", "Topeka", "Pierre"];
    await upsertConnections(database.db, {
      organizationId: m!.organizationId,
      userId: user.id,
      platform: "facebook",
      accounts: Array.from({ length: PAGES }, (_, i) => ({
        providerAccountId: String(1_000_000 + i),
        displayName: `Raman Retail — ${cities[i % cities.length]} ${Math.floor(i / cities.length) + 1}`,
        postTargetType: "page" as const,
        appType: "personal" as const,
        selectedPageId: String(1_000_000 + i),
        accessToken: `EAAbench${i}`,
        tokenExpiresAt: i % 12 === 0 ? new Date(Date.now() + 5 * 86_400_000) : null,
        scopes: ["pages_manage_posts"],
        details: { pageName: `Raman Retail ${i}` },
      })),
    });
    const sid = await createAuthSession(database.db, user.id);
    await claimAuthSession(database.db, sid);
    const token = await encode({ token: { sub: user.id, sid }, secret: env.AUTH_SECRET!, salt: "authjs.session-token", maxAge: 3600 });
    return `authjs.session-token=${token}`;
  } finally {
    await database.raw.close();
  }
}

export const bench: Bench = {
  name: "connections-page",
  async run(): Promise<BenchRow[]> {
    if (!existsSync(path.join(DIST, "BUILD_ID"))) {
      process.stdout.write(`  building the app into ${DIST} (once)…\n`);
      const built = spawnSync("node_modules/.bin/next", ["build"], { stdio: "ignore", env: { ...process.env, NEXT_DIST_DIR: DIST, NODE_ENV: "production" } });
      if (built.status !== 0) throw new Error("next build failed");
    }
    const port = await freePort();
    const env = {
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "switchboard-bench-page-")),
      AUTH_SECRET: randomBytes(32).toString("hex"),
      TOKEN_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
      OAUTH_COOKIE_SECRET: randomBytes(32).toString("hex"),
      APP_URL: `http://localhost:${port}`,
      LOG_LEVEL: "silent",
      RUN_WORKERS: "false",
    };
    delete process.env.DATABASE_URL;
    const cookie = await seed(env);
    const server = spawn("node_modules/.bin/next", ["start", "--port", String(port)], {
      detached: true,
      stdio: "ignore",
      env: { ...process.env, ...env, NEXT_DIST_DIR: DIST, NODE_ENV: "production" },
    });
    try {
      const url = `http://localhost:${port}/connections`;
      const get = async () => {
        const t0 = performance.now();
        const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
        const html = await res.text();
        const ms = performance.now() - t0;
        if (res.status !== 200) throw new Error(`GET /connections answered ${res.status} ${res.headers.get("location") ?? ""}`);
        return { ms, html };
      };
      for (let up = Date.now(); ; ) {
        try {
          await get();
          break;
        } catch (err) {
          if (Date.now() - up > 120_000) throw err;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
      let rows = 0;
      for (let i = 0; i < WARMUP; i++) rows = (await get()).html.split('data-testid="connection-row"').length - 1;
      if (rows !== PAGES) throw new Error(`expected ${PAGES} rows in the page, found ${rows}`);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push((await get()).ms);
      return [
        {
          bench: "connections-page",
          approach: `GET /connections, ${PAGES} Facebook Pages (grouped, list view)`,
          upstreamRequests: 0,
          serverMs: median(times),
          runs: RUNS,
          target: { maxRequests: 0, maxMs: 75 },
          note: `next start, warm; min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
        },
      ];
    } finally {
      if (server.pid) process.kill(-server.pid, "SIGTERM");
    }
  },
};
