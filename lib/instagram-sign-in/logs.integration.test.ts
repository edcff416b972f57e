import { describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { socialConnections } from "@/db/schema";
import { readAccessToken } from "@/lib/connections/store";
import { completeInstagramLogin } from "./complete";
import { AVA, beginInstagramSignIn, callbackRequest, consent, finishInstagramSignIn, useInstagramTestEnv } from "@/tests/support/instagram-login-harness";

// Every log line of the process, at debug level, through the app's own redacting logger.
const lines = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/log", async (importOriginal) => {
  const mod = await importOriginal<typeof import("@/lib/log")>();
  const logger = mod.createLogger({ level: "debug", destination: { write: (line: string) => void lines.push(line) } });
  return { ...mod, logger, childLogger: (bindings: Record<string, unknown>) => logger.child(bindings) };
});

const t = useInstagramTestEnv();

describe("what an Instagram sign-in writes to the log (SECURITY O7, S5)", () => {
  it("never the code, the state, the tokens or the app secret — through success and a replayed code", async () => {
    const started = await beginInstagramSignIn(t.database.db);
    const callback = await consent(started.redirectUrl, { user: AVA.accountId });
    const url = new URL(callback);
    const code = url.searchParams.get("code")!;
    const state = url.searchParams.get("state")!;
    const result = await finishInstagramSignIn(t.database.db, callbackRequest(callback, started.setCookie));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const outcome = await completeInstagramLogin(t.database.db, { token: result.token, ctx: result.ctx, linkUserId: null, linkOrganizationId: null });
    expect(outcome.ok).toBe(true);
    // A replay of the same code with a new flow fails at Instagram, and is logged as such.
    const again = await beginInstagramSignIn(t.database.db);
    const replay = new URL(callback);
    replay.searchParams.set("state", new URL(again.redirectUrl).searchParams.get("state")!);
    expect((await finishInstagramSignIn(t.database.db, callbackRequest(replay.toString(), again.setCookie))).ok).toBe(false);

    const [row] = await t.database.db.select().from(socialConnections).where(eq(socialConnections.providerAccountId, AVA.accountId));
    const secrets = { code, state, longLivedToken: readAccessToken(row!), appSecret: "sandbox-instagram-app-secret" };
    const log = lines.join("");
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toContain("graph.instagram.com");
    for (const [name, value] of Object.entries(secrets)) {
      expect(log.includes(value), `${name} must not be logged`).toBe(false);
    }
    expect(log).not.toMatch(/IGAA[A-Za-z0-9_-]{8,}/);
  });
});
