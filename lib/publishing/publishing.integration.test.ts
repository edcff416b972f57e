import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { eq, sql } from "drizzle-orm";
import { posts, socialConnections } from "@/db/schema";
import { startWorkers } from "@/lib/jobs";
import { startSandbox, type RunningSandbox } from "@/tests/support/sandbox-app";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import type { TConnectSession } from "@/lib/connections/oauth-routes";
import { createPost, PostValidationError, ZCreatePostInput } from "./create";
import { connectSix, person, settled, type TSixConnections } from "@/tests/support/publishing-harness";

let tdb: TestDatabase;
let sb: RunningSandbox;
let boss: PgBoss;
let owner: TConnectSession;
let six: TSixConnections;

type SandboxPost = { platform: string; target: string; id: string; text: string; media: string[] };

async function sandboxPosts(platform?: string): Promise<SandboxPost[]> {
  const res = await fetch(`${sb.url}/__sandbox/posts${platform ? `?platform=${platform}` : ""}`);
  return ((await res.json()) as { data: SandboxPost[] }).data;
}

async function knobs(body: Record<string, unknown>) {
  const res = await fetch(`${sb.url}/__sandbox/knobs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
}

/** The retry's job waits a minute (the backoff); bring its start forward instead of waiting. */
async function runDueRetriesNow() {
  await tdb.raw.query(`update pgboss.job set start_after = now() where name = 'publish-target' and state = 'created'`);
}

async function publish(input: Record<string, unknown>, session = owner) {
  return createPost(tdb.db, boss, { organizationId: session.organizationId, userId: session.userId, post: ZCreatePostInput.parse(input) });
}

const everyTarget = (text: string, extra: Record<string, unknown> = {}) => ({
  text,
  targets: Object.values(six)
    .filter((c) => c.platform !== "instagram")
    .map((c) => ({ connectionId: c.id })),
  ...extra,
});

beforeAll(async () => {
  tdb = await createTestDatabase();
  sb = await startSandbox();
  boss = await startWorkers(tdb, { pollingIntervalSeconds: 0.5, schedule: false, publish: { retryBaseMs: 60_000 } });
});

afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await sb?.close();
  await tdb?.cleanup();
});

beforeEach(async () => {
  sb.sandbox.reset();
  await tdb.db.delete(posts);
  await tdb.db.delete(socialConnections);
  owner = await person(tdb.db, "owner");
  six = await connectSix(tdb.db, owner);
});

describe("publishing a text post", () => {
  it("reaches X, LinkedIn, Facebook, Threads and Telegram once each, with links", async () => {
    const text = "Fresh sourdough at 8 (really) — #bakery news";
    const { post, targets } = await publish(everyTarget(text));
    expect(targets).toHaveLength(5);
    const done = await settled(tdb, post.id);
    for (const t of done) {
      expect({ platform: t.platform, status: t.status, error: t.error }).toEqual({ platform: t.platform, status: "published", error: null });
      expect(t.remoteId).toBeTruthy();
      expect(t.remoteUrl).toMatch(/^https:\/\//);
    }
    const sent = await sandboxPosts();
    expect(sent.map((p) => p.platform).sort()).toEqual(["facebook", "linkedin", "telegram", "threads", "x"]);
    // LinkedIn: the reserved characters were escaped, so the text arrived whole.
    for (const p of sent) expect(p.text).toBe(text);
    const byPlatform = Object.fromEntries(done.map((t) => [t.platform, t]));
    expect(byPlatform.x!.remoteUrl).toBe(`https://x.com/adaokafor/status/${byPlatform.x!.remoteId}`);
    expect(byPlatform.telegram!.remoteUrl).toBe(`https://t.me/northwind_news/${byPlatform.telegram!.remoteId}`);
    expect(byPlatform.linkedin!.remoteUrl).toContain(byPlatform.linkedin!.remoteId!);
    expect(byPlatform.threads!.remoteUrl).toMatch(/^https:\/\/www\.threads\.net\/@ava\.bakes\/post\//);
  });

  it("a per-channel variant reaches only its channel; the others get the base text", async () => {
    const base = "Base announcement for everyone";
    const variant = "Telegram-only wording";
    const input = everyTarget(base);
    input.targets = input.targets.map((t) => (t.connectionId === six.telegram.id ? { ...t, text: variant } : t));
    const { post } = await publish(input);
    await settled(tdb, post.id);
    const sent = await sandboxPosts();
    expect(sent.find((p) => p.platform === "telegram")!.text).toBe(variant);
    for (const p of sent.filter((p) => p.platform !== "telegram")) expect(p.text).toBe(base);
  });

  it("a long X text written as a thread goes out as a reply chain", async () => {
    const { post } = await publish({ text: "First part of the story\n---\nSecond part\n---\nThe end", targets: [{ connectionId: six.x.id }] });
    const [t] = await settled(tdb, post.id);
    expect(t!.status).toBe("published");
    expect(Object.keys(t!.progress).sort()).toEqual(["tweet0", "tweet1", "tweet2"]);
    expect((await sandboxPosts("x")).map((p) => p.text)).toEqual(["First part of the story", "Second part", "The end"]);
  });

  it("refuses before writing anything: Instagram without an image, X over 280, another organization's account", async () => {
    await expect(publish({ text: "no picture", targets: [{ connectionId: six.instagram.id }] })).rejects.toThrow(/Instagram needs at least one image/);
    await expect(publish({ text: "x".repeat(281), targets: [{ connectionId: six.x.id }] })).rejects.toThrow(/281 of 280/);
    const stranger = await person(tdb.db, "stranger");
    await expect(publish({ text: "hi", targets: [{ connectionId: six.x.id }] }, stranger)).rejects.toBeInstanceOf(PostValidationError);
    expect(await tdb.db.select().from(posts)).toHaveLength(0);
  });

  it("the same submit twice (double-click) is one post and one publication (J6)", async () => {
    const input = { text: "Only once please", targets: [{ connectionId: six.telegram.id }], idempotencyKey: "compose-abc-123" };
    const [a, b] = await Promise.all([publish(input), publish(input)]);
    expect(a.post.id).toBe(b.post.id);
    await settled(tdb, a.post.id);
    expect(await sandboxPosts("telegram")).toHaveLength(1);
  });
});

describe("failures", () => {
  it("a 5xx then success publishes once", async () => {
    await knobs({ overrides: { "api.telegram.org": { failureRate: 1 } } });
    const { post } = await publish({ text: "Through a hiccup", targets: [{ connectionId: six.telegram.id }] });
    await settled(tdb, post.id, (t) => t.status === "retrying");
    await knobs({ overrides: { "api.telegram.org": { failureRate: 0 } } });
    await runDueRetriesNow();
    const [t] = await settled(tdb, post.id);
    expect(t!.status).toBe("published");
    expect(t!.attempts).toBe(2);
    expect(await sandboxPosts("telegram")).toHaveLength(1);
  });

  it("an expired X token is refreshed once and the post goes out", async () => {
    await tdb.db.update(socialConnections).set({ tokenExpiresAt: sql`now() - interval '1 minute'` }).where(eq(socialConnections.id, six.x.id));
    const before = (await sb.stats())["api.x.com POST /2/oauth2/token"] ?? 0;
    const { post } = await publish({ text: "After a refresh", targets: [{ connectionId: six.x.id }] });
    const [t] = await settled(tdb, post.id);
    expect(t!.status).toBe("published");
    expect((await sb.stats())["api.x.com POST /2/oauth2/token"]).toBe(before + 1);
  });

});
