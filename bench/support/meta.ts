/**
 * Shared setup for the Meta benchmarks: the sandbox in-process on an ephemeral port, the app's
 * environment pointing at it, a fresh embedded database, and helpers to play the consent page
 * and count upstream requests. Everything app-side is imported only after the environment is set
 * (lib/env parses it once).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import type { BenchRow } from "./types";

export const PRIYA = "10159384756102937"; // the 60-Page sandbox user (every third Page with Instagram)
export const LATENCY_MS = 100;

export function prepareEnv(): void {
  process.env.LOG_LEVEL = "silent";
  (process.env as Record<string, string>).NODE_ENV = "development";
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "switchboard-bench-"));
  process.env.TOKEN_ENCRYPTION_KEYS ??= `bench:${randomBytes(32).toString("base64")}`;
  process.env.OAUTH_COOKIE_SECRET ??= randomBytes(32).toString("hex");
  delete process.env.DATABASE_URL;
}

export async function startMetaBench() {
  prepareEnv();
  const { startSandbox, consent, callbackRequest } = await import("@/tests/support/sandbox-app");
  const { createTestDatabase } = await import("@/tests/support/db");
  const { igAccountsOfUser, pagesOfUser } = await import("@/sandbox/providers/facebook/fixtures");
  const { organizations, users } = await import("@/db/schema");
  const sb = await startSandbox();
  const database = await createTestDatabase();
  const [user] = await database.db.insert(users).values({ email: `bench-${Date.now()}@example.com`, name: "Bench" }).returning();
  const [org] = await database.db.insert(organizations).values({ name: "Bench org" }).returning();

  const control = (p: string, body?: unknown) =>
    fetch(`${sb.url}/__sandbox/${p}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  /** Allow as the 60-Page user, ticking every Page and Instagram account (as the dialog does by default). */
  async function allowAsPriya(authorizeUrl: string): Promise<string> {
    const pages = pagesOfUser(PRIYA).map((p) => p.page.id);
    const u = new URL(authorizeUrl);
    const form = new URLSearchParams(u.searchParams);
    form.set("decision", "allow");
    form.set("sandbox_user", PRIYA);
    for (const id of pages) form.append("page_ids", id);
    for (const a of igAccountsOfUser(PRIYA)) form.append("ig_ids", a.id);
    const res = await fetch(`${u.origin}${u.pathname}`, { method: "POST", body: form, redirect: "manual" });
    const location = res.headers.get("location");
    if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status}`);
    return location;
  }

  /** Upstream requests to provider hosts between two stats snapshots (the dialog is the browser's, not ours). */
  function upstreamBetween(before: Record<string, number>, after: Record<string, number>): { total: number; byRoute: Record<string, number> } {
    const byRoute: Record<string, number> = {};
    let total = 0;
    for (const [label, n] of Object.entries(after)) {
      if (label.startsWith("www.") || label.startsWith("__sandbox")) continue;
      const d = n - (before[label] ?? 0);
      if (d > 0) {
        byRoute[label] = d;
        total += d;
      }
    }
    return { total, byRoute };
  }

  return {
    sandboxUrl: sb.url,
    db: database.db,
    userId: user!.id,
    organizationId: org!.id,
    consent,
    callbackRequest,
    allowAsPriya,
    stats: () => sb.stats(),
    upstreamBetween,
    setLatency: (ms: number) => control("knobs", { latencyMs: ms }),
    async close() {
      await database.cleanup();
      await sb.close();
    },
  };
}

export type MetaBench = Awaited<ReturnType<typeof startMetaBench>>;

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * The one-call-per-Page approach the issues compare against, measured for one callback URL: the
 * same code and long-lived exchanges, then the Page ids, each Page, each Instagram account.
 */
export async function measureOneCallPerPage(b: MetaBench, bench: string, callbackUrl: string, callbackPath: string): Promise<BenchRow> {
  const { exchangeForLongLived } = await import("@/lib/providers/facebook/login");
  const { exchangeCode } = await import("@/lib/oauth/token");
  const { getOAuthProvider } = await import("@/lib/providers");
  const { facebookCredentials } = await import("@/lib/providers/facebook/config");
  const { env } = await import("@/lib/env");
  const creds = facebookCredentials(env())!;
  const code = new URL(callbackUrl).searchParams.get("code")!;
  const before = await b.stats();
  const t0 = performance.now();
  const short = await exchangeCode(getOAuthProvider("facebook")!, creds, { code, redirectUri: `${env().APP_URL}${callbackPath}` });
  const long = await exchangeForLongLived(short.accessToken, creds);
  await naivePagesAndInstagram(long.access_token);
  const serverMs = performance.now() - t0;
  const naive = b.upstreamBetween(before, await b.stats());
  return {
    bench,
    approach: "one call per Page and per Instagram account",
    upstreamRequests: naive.total,
    serverMs,
    runs: 1,
    note: Object.entries(naive.byRoute).map(([k, v]) => `${v}× ${k.replace("graph.facebook.com ", "")}`).join(", "),
  };
}

async function naivePagesAndInstagram(userToken: string): Promise<number> {
  const { graphCall } = await import("@/lib/providers/facebook/graph");
  const { facebookCredentials } = await import("@/lib/providers/facebook/config");
  const { env } = await import("@/lib/env");
  const creds = facebookCredentials(env())!;
  const ZIds = z.looseObject({ data: z.array(z.looseObject({ id: z.string() })), paging: z.looseObject({ next: z.string().optional() }).optional() });
  const ids: string[] = [];
  let url: string | undefined = "me/accounts";
  let query: Record<string, string> | undefined = { fields: "id" };
  while (url) {
    const body: z.infer<typeof ZIds> = await graphCall("GET", url, ZIds, { token: userToken, creds, query });
    ids.push(...body.data.map((d) => d.id));
    url = body.paging?.next?.replace(/access_token=[^&]*&?/, "");
    query = undefined;
  }
  const ZPage = z.looseObject({ id: z.string(), access_token: z.string().optional(), instagram_business_account: z.looseObject({ id: z.string() }).optional() });
  let igCount = 0;
  for (const id of ids) {
    const page = await graphCall("GET", id, ZPage, { token: userToken, creds, query: { fields: "id,name,access_token,picture,instagram_business_account" } });
    if (page.instagram_business_account) {
      igCount++;
      await graphCall("GET", page.instagram_business_account.id, z.looseObject({ id: z.string() }), {
        token: userToken,
        creds,
        query: { fields: "id,username,profile_picture_url" },
      });
    }
  }
  return ids.length + igCount;
}
