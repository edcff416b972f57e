import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { posts, postTargets, providerRequests, providerThrottles, socialConnections } from "@/db/schema";
import { readAccessToken, accessTokenCtx } from "@/lib/connections/store";
import { encryptToken } from "@/lib/crypto";
import { env } from "@/lib/env";
import { graphCall } from "@/lib/providers/facebook/graph";
import { facebookCredentials } from "@/lib/providers/facebook/config";
import { claimTargets } from "./worker";
import type { TConnectSession } from "@/lib/connections/oauth-routes";
import { createPost, PostValidationError, ZCreatePostInput } from "./create";
import { connectSix, person, settled, USERS, type TSixConnections } from "@/tests/support/publishing-harness";
import { useJobTestEnv } from "@/tests/support/world";

let owner: TConnectSession;
let six: TSixConnections;

type SandboxPost = { platform: string; target: string; id: string; text: string; media: string[] };

async function sandboxPosts(platform?: string): Promise<SandboxPost[]> {
  const res = await fetch(`${w.sb.url}/__sandbox/posts${platform ? `?platform=${platform}` : ""}`);
  return ((await res.json()) as { data: SandboxPost[] }).data;
}

async function knobs(body: Record<string, unknown>) {
  const res = await fetch(`${w.sb.url}/__sandbox/knobs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
}

/**
 * The retry's job waits a minute (the backoff); bring its start forward instead of waiting. The
 * worker marks the target `retrying` just before it queues that job, so wait for the job to exist
 * (CI once moved nothing, and the test waited out its 30 s).
 */
async function runDueRetriesNow() {
  for (let i = 0; i < 200; i++) {
    const { rows } = await w.tdb.raw.query(`update pgboss.job set start_after = now() where name = 'publish-target' and state = 'created' returning id`);
    if (rows.length) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("no retry job was queued");
}

async function publish(input: Record<string, unknown>, session = owner) {
  return createPost(w.tdb.db, w.boss, { organizationId: session.organizationId, userId: session.userId, post: ZCreatePostInput.parse(input) });
}

const everyTarget = (text: string, extra: Record<string, unknown> = {}) => ({
  text,
  targets: Object.values(six)
    .filter((c) => c.platform !== "instagram")
    .map((c) => ({ connectionId: c.id })),
  ...extra,
});

const w = useJobTestEnv({ sandbox: true, workers: { pollingIntervalSeconds: 0.5, publish: { retryBaseMs: 60_000 } } });

beforeEach(async () => {
  w.sb.sandbox.reset();
  await w.tdb.db.delete(posts);
  await w.tdb.db.delete(socialConnections);
  await w.tdb.db.delete(providerThrottles);
  owner = await person(w.tdb.db, "owner");
  six = await connectSix(w.tdb.db, owner);
});

describe("publishing a text post", () => {
  it("reaches X, LinkedIn, Facebook, Threads and Telegram once each, with links", async () => {
    const text = "Fresh sourdough at 8 (really) — #bakery news";
    const { post, targets } = await publish(everyTarget(text));
    expect(targets).toHaveLength(5);
    const done = await settled(w.tdb, post.id);
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
    await settled(w.tdb, post.id);
    expect((await sandboxPosts("telegram")).map((p) => p.text)).toEqual([variant]);
    // Every channel got one post: Telegram the variant, the other four the base text.
    expect((await sandboxPosts()).map((p) => p.text).sort()).toEqual([base, base, base, base, variant].sort());
  });

  it("a long X text written as a thread goes out as a reply chain", async () => {
    const { post } = await publish({ text: "First part of the story\n---\nSecond part\n---\nThe end", targets: [{ connectionId: six.x.id }] });
    const [t] = await settled(w.tdb, post.id);
    expect(t!.status).toBe("published");
    expect(Object.keys(t!.progress).sort()).toEqual(["tweet0", "tweet1", "tweet2"]);
    expect((await sandboxPosts("x")).map((p) => p.text)).toEqual(["First part of the story", "Second part", "The end"]);
  });

  it("refuses before writing anything: Instagram without an image, X over 280, another organization's account", async () => {
    await expect(publish({ text: "no picture", targets: [{ connectionId: six.instagram.id }] })).rejects.toThrow(/Instagram needs at least one image/);
    await expect(publish({ text: "x".repeat(281), targets: [{ connectionId: six.x.id }] })).rejects.toThrow(/281 of 280/);
    const stranger = await person(w.tdb.db, "stranger");
    await expect(publish({ text: "hi", targets: [{ connectionId: six.x.id }] }, stranger)).rejects.toBeInstanceOf(PostValidationError);
    expect(await w.tdb.db.select().from(posts)).toHaveLength(0);
  });

  it("the same submit twice (double-click) is one post and one publication (J6)", async () => {
    const input = { text: "Only once please", targets: [{ connectionId: six.telegram.id }], idempotencyKey: "compose-abc-123" };
    const [a, b] = await Promise.all([publish(input), publish(input)]);
    expect(a.post.id).toBe(b.post.id);
    await settled(w.tdb, a.post.id);
    expect(await sandboxPosts("telegram")).toHaveLength(1);
  });
});

describe("failures", () => {
  it("a 5xx then success publishes once", async () => {
    await knobs({ overrides: { "api.telegram.org": { failureRate: 1 } } });
    const { post } = await publish({ text: "Through a hiccup", targets: [{ connectionId: six.telegram.id }] });
    await settled(w.tdb, post.id, (t) => t.status === "retrying");
    await knobs({ overrides: { "api.telegram.org": { failureRate: 0 } } });
    await runDueRetriesNow();
    const [t] = await settled(w.tdb, post.id);
    expect(t!.status).toBe("published");
    expect(t!.attempts).toBe(2);
    expect(await sandboxPosts("telegram")).toHaveLength(1);
  });

  it("an X thread whose 2nd post failed (5xx) is retried from the 2nd post: the 1st is not posted twice, and only the unsent posts count again", async () => {
    const TWEETS = "api.x.com POST /2/tweets";
    const counted = async () => (await w.tdb.db.select().from(providerRequests).where(eq(providerRequests.connectionId, six.x.id))).length;
    await knobs({ overrides: { [TWEETS]: { failRequests: [2] } } });
    const before = (await w.sb.stats())[TWEETS] ?? 0;
    const { post } = await publish({ text: "One\n---\nTwo\n---\nThree", targets: [{ connectionId: six.x.id }] });
    const [waiting] = await settled(w.tdb, post.id, (t) => t.status === "retrying");
    expect({ kind: waiting!.errorKind, sent: Object.keys(waiting!.progress) }).toEqual({ kind: "transient", sent: ["tweet0"] });
    expect((await sandboxPosts("x")).map((p) => p.text)).toEqual(["One"]);
    expect(await counted()).toBe(3);

    await runDueRetriesNow();
    const [t] = await settled(w.tdb, post.id);
    expect(t!.status).toBe("published");
    // The 1st post once, the 2nd twice (failed, then sent), the 3rd once.
    expect((await w.sb.stats())[TWEETS]).toBe(before + 4);
    expect((await sandboxPosts("x")).map((p) => p.text)).toEqual(["One", "Two", "Three"]);
    expect(t!.remoteId).toBe(waiting!.progress.tweet0);
    // The retry counted its two posts toward the 24-hour limit, not the whole thread again.
    expect(await counted()).toBe(5);
  });

  it("a malformed job fetched together with a good one fails alone; the good one publishes and completes", async () => {
    const { targets } = await publish({ text: "Fetched in one batch", targets: [{ connectionId: six.telegram.id }], scheduledAt: new Date(Date.now() + 3_600_000) });
    await w.tdb.db.update(postTargets).set({ nextAttemptAt: sql`now()` });
    await w.tdb.raw.query(`delete from pgboss.job where name = 'publish-target'`);
    // Both jobs become visible in one statement, so one fetch takes them together.
    const [bad, good] = [randomUUID(), randomUUID()];
    await w.boss.insert([
      { id: bad, name: "publish-target", data: { targetId: "not-a-uuid" }, retryLimit: 0 },
      { id: good, name: "publish-target", data: { targetId: targets[0]!.id, organizationId: owner.organizationId }, singletonKey: targets[0]!.id },
    ]);
    const states = async () => (await w.tdb.raw.query<{ id: string; state: string }>(`select id, state from pgboss.job where id in ($1, $2)`, [bad, good])).rows;
    while ((await states()).some((j) => j.state === "created" || j.state === "active")) await new Promise((r) => setTimeout(r, 50));
    expect(Object.fromEntries((await states()).map((j) => [j.id, j.state]))).toEqual({ [bad]: "failed", [good]: "completed" });
    expect((await sandboxPosts("telegram")).map((p) => p.text)).toEqual(["Fetched in one batch"]);
  });

  it("an expired X token is refreshed once and the post goes out", async () => {
    await w.tdb.db.update(socialConnections).set({ tokenExpiresAt: sql`now() - interval '1 minute'` }).where(eq(socialConnections.id, six.x.id));
    const before = (await w.sb.stats())["api.x.com POST /2/oauth2/token"] ?? 0;
    const { post } = await publish({ text: "After a refresh", targets: [{ connectionId: six.x.id }] });
    const [t] = await settled(w.tdb, post.id);
    expect(t!.status).toBe("published");
    expect((await w.sb.stats())["api.x.com POST /2/oauth2/token"]).toBe(before + 1);
  });

});

describe("never twice (J4)", () => {
  /** A scheduled post whose one target a worker claimed and then died with (the row says `publishing`). */
  async function claimedThenCrashed(connectionId: string, text: string) {
    const { post, targets } = await publish({ text, targets: [{ connectionId }], scheduledAt: new Date(Date.now() + 3_600_000) });
    // The hour passed and a worker claimed it (its job is still queued an hour ahead).
    await w.tdb.db.update(postTargets).set({ nextAttemptAt: sql`now()` }).where(eq(postTargets.id, targets[0]!.id));
    expect(await claimTargets(w.tdb.db, [{ targetId: targets[0]!.id, organizationId: owner.organizationId }])).toEqual(new Set([targets[0]!.id]));
    return post;
  }

  it("X: a worker killed after X answered leaves the target unknown, and the next run posts nothing", async () => {
    const text = "Sent just before the crash";
    const post = await claimedThenCrashed(six.x.id, text);
    // The request reached X before the worker died.
    const res = await fetch(`${w.sb.url}/api.x.com/2/tweets`, {
      method: "POST",
      headers: { authorization: `Bearer ${readAccessToken(six.x)}`, "content-type": "application/json" },
      body: JSON.stringify({ text }),
    });
    expect(res.status).toBe(201);
    await runDueRetriesNow();
    const [t] = await settled(w.tdb, post.id);
    expect(t!.status).toBe("unknown");
    expect(t!.error).toMatch(/can't tell whether this was posted/);
    expect(await sandboxPosts("x")).toHaveLength(1);
  });

  it("Facebook: the next run finds the post among the Page's recent posts and records it, without posting again", async () => {
    const text = "Facebook got this one";
    const post = await claimedThenCrashed(six.facebook.id, text);
    const token = readAccessToken(six.facebook);
    await graphCall("POST", `${six.facebook.providerAccountId}/feed`, z.object({ id: z.string() }), { token, creds: facebookCredentials(env())!, form: { message: text } });
    await runDueRetriesNow();
    const [t] = await settled(w.tdb, post.id);
    expect(t!.status).toBe("published");
    expect((await sandboxPosts("facebook")).map((p) => p.id)).toEqual([t!.remoteId]);
  });

  it("Facebook: when the check finds nothing, it was not posted, so it goes out once", async () => {
    const post = await claimedThenCrashed(six.facebook.id, "Never reached Facebook");
    await runDueRetriesNow();
    const [t] = await settled(w.tdb, post.id);
    expect(t!.status).toBe("published");
    expect(await sandboxPosts("facebook")).toHaveLength(1);
  });

  it("LinkedIn: sending again is answered as a duplicate of the live post, which is recorded", async () => {
    const text = "LinkedIn (already) has it #news";
    const post = await claimedThenCrashed(six.linkedin.id, text);
    await runDueRetriesNow();
    // Nothing reached LinkedIn before this crash: the check's send publishes it.
    const [first] = await settled(w.tdb, post.id);
    expect(first!.status).toBe("published");
    // The same text crashes again after LinkedIn has it: the check's send is refused as a duplicate naming the live post.
    const second = await claimedThenCrashed(six.linkedin.id, text);
    await runDueRetriesNow();
    const [t] = await settled(w.tdb, second.id);
    expect(t!.status).toBe("published");
    expect(t!.remoteId).toBe(first!.remoteId);
    expect(await sandboxPosts("linkedin")).toHaveLength(1);
  });
});

describe("limits and tokens", () => {
  it("X at its 24-hour limit is refused before sending, with the next slot's time", async () => {
    const start = Date.now() - 20 * 3_600_000;
    await w.tdb.db.insert(providerRequests).values(
      Array.from({ length: 17 }, (_, i) => ({ connectionId: six.x.id, kind: "post", at: new Date(start + i * 60_000) })),
    );
    const error = await publish({ text: "one too many", targets: [{ connectionId: six.x.id }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostValidationError);
    expect((error as Error).message).toContain(new Date(start + 86_400_000).toISOString());
    expect(await sandboxPosts("x")).toHaveLength(0);
    // A paid tier set on the connection raises the cap.
    await w.tdb.db.update(socialConnections).set({ postsPer24h: 100 }).where(eq(socialConnections.id, six.x.id));
    const { post } = await publish({ text: "paid tier", targets: [{ connectionId: six.x.id }] });
    expect((await settled(w.tdb, post.id))[0]!.status).toBe("published");
  });

  it("each post of an X thread counts toward the 24-hour limit: refused at Publish when the thread does not fit, counted per post when it goes out", async () => {
    const start = Date.now() - 20 * 3_600_000;
    await w.tdb.db.insert(providerRequests).values(Array.from({ length: 14 }, (_, i) => ({ connectionId: six.x.id, kind: "post", at: new Date(start + i * 60_000) })));
    const counted = async () => (await w.tdb.db.select().from(providerRequests).where(eq(providerRequests.connectionId, six.x.id))).length;
    // 3 of 17 left: a 4-post thread does not fit; room opens when the oldest one leaves the window.
    const error = await publish({ text: "one\n---\ntwo\n---\nthree\n---\nfour", targets: [{ connectionId: six.x.id }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostValidationError);
    expect((error as Error).message).toBe(`Ada Okafor has 3 of X's 17 posts per 24 hours left; this thread needs 4. Room for it opens at ${new Date(start + 86_400_000).toISOString()}.`);
    expect(await sandboxPosts("x")).toHaveLength(0);
    // A 3-post thread fits, and counts three.
    const { post } = await publish({ text: "one\n---\ntwo\n---\nthree", targets: [{ connectionId: six.x.id }] });
    expect((await settled(w.tdb, post.id))[0]!.status).toBe("published");
    expect(await counted()).toBe(17);
    expect(await sandboxPosts("x")).toHaveLength(3);
    // Now full: even one more post waits for the next slot.
    await expect(publish({ text: "one more", targets: [{ connectionId: six.x.id }] })).rejects.toThrow(/reached X's limit of 17 posts/);
  });

  it("a thread longer than the whole 24-hour limit is refused at Publish, and a scheduled one that no longer fits fails when due: nothing is sent", async () => {
    const TWEETS = "api.x.com POST /2/tweets";
    const before = (await w.sb.stats())[TWEETS] ?? 0;
    const thread = (n: number) => Array.from({ length: n }, (_, i) => `Part ${i + 1}`).join("\n---\n");
    const error = await publish({ text: thread(18), targets: [{ connectionId: six.x.id }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostValidationError);
    expect((error as PostValidationError).targets).toEqual({ [six.x.id]: "Ada Okafor: This thread has 18 posts, more than the 17 X allows in 24 hours. Shorten it." });
    expect(await w.tdb.db.select().from(posts)).toHaveLength(0);

    // Scheduled under a paid tier's cap, which is lowered before it is due.
    await w.tdb.db.update(socialConnections).set({ postsPer24h: 100 }).where(eq(socialConnections.id, six.x.id));
    const { post } = await publish({ text: thread(5), targets: [{ connectionId: six.x.id }], scheduledAt: new Date(Date.now() + 3_600_000) });
    await w.tdb.db.update(socialConnections).set({ postsPer24h: 3 }).where(eq(socialConnections.id, six.x.id));
    await w.tdb.db.update(postTargets).set({ nextAttemptAt: sql`now()` }).where(eq(postTargets.postId, post.id));
    await runDueRetriesNow();
    const [t] = await settled(w.tdb, post.id);
    expect({ status: t!.status, kind: t!.errorKind, error: t!.error }).toEqual({
      status: "failed",
      kind: "invalid_input",
      error: "This thread has 5 posts, more than the 3 X allows in 24 hours. Shorten it, then press Retry.",
    });
    expect((await w.sb.stats())[TWEETS] ?? 0).toBe(before);
    expect(await sandboxPosts("x")).toHaveLength(0);
    expect(await w.tdb.db.select().from(providerRequests).where(eq(providerRequests.connectionId, six.x.id))).toHaveLength(0);
  });

  it("20 targets on one X connection with an expired token make exactly one refresh request; past 17 they wait for a slot", async () => {
    await w.tdb.db.update(socialConnections).set({ tokenExpiresAt: sql`now() - interval '1 minute'` }).where(eq(socialConnections.id, six.x.id));
    const before = (await w.sb.stats())["api.x.com POST /2/oauth2/token"] ?? 0;
    const created = [];
    for (let i = 0; i < 20; i++) {
      // Scheduled a moment ahead, so the first 17 pass the form's limit check and all run together.
      created.push(await publish({ text: `Post number ${i}`, targets: [{ connectionId: six.x.id }], scheduledAt: new Date(Date.now() + 3_600_000) }));
    }
    // The hour passes: everything is due at once.
    await w.tdb.db.update(postTargets).set({ nextAttemptAt: sql`now()` });
    await runDueRetriesNow();
    const all = await Promise.all(created.map(({ post }) => settled(w.tdb, post.id, (t) => t.status === "published" || t.status === "retrying")));
    expect((await w.sb.stats())["api.x.com POST /2/oauth2/token"]).toBe(before + 1);
    const statuses = all.flat().map((t) => t.status);
    expect(statuses.filter((s) => s === "published")).toHaveLength(17);
    const waiting = all.flat().filter((t) => t.status === "retrying");
    expect(waiting).toHaveLength(3);
    for (const t of waiting) expect(t.errorKind).toBe("limit");
    expect(await sandboxPosts("x")).toHaveLength(17);
  });

  it("a 429 with X's reset header reschedules to the reset time instead of failing", async () => {
    await w.tdb.db.delete(socialConnections);
    owner = await person(w.tdb.db, "mateo");
    six = await connectSix(w.tdb.db, owner, USERS.xNearLimit);
    const first = await publish({ text: "the 17th", targets: [{ connectionId: six.x.id }] });
    expect((await settled(w.tdb, first.post.id))[0]!.status).toBe("published");
    const second = await publish({ text: "the 18th", targets: [{ connectionId: six.x.id }] });
    const [t] = await settled(w.tdb, second.post.id, (t) => t.status === "retrying");
    expect(t!.errorKind).toBe("rate_limit");
    expect(t!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    expect(await sandboxPosts("x")).toHaveLength(1);
  });

  it("Meta's usage headers near 100 % pause the Page's next posts until the reset, without running into the throttle", async () => {
    // Graph counts each route's calls; at the 2nd feed post the Page's business use case reads 100 %.
    await knobs({ overrides: { "graph.facebook.com": { rateLimitAfter: 2 } } });
    for (const text of ["first of the day", "second of the day"]) {
      const { post } = await publish({ text, targets: [{ connectionId: six.facebook.id }] });
      expect((await settled(w.tdb, post.id))[0]!.status).toBe("published");
    }
    const feedCalls = async () => Object.entries(await w.sb.stats()).filter(([label]) => label.startsWith("graph.facebook.com POST") && label.endsWith("/feed"));
    const before = Date.now();
    const { post } = await publish({ text: "third of the day", targets: [{ connectionId: six.facebook.id }] });
    const [t] = await settled(w.tdb, post.id, (x) => x.status === "retrying");
    expect(t!.errorKind).toBe("rate_limit");
    expect(t!.error).toMatch(/close to its request limit \(100 % used\)/);
    // Meta's estimated_time_to_regain_access: the sandbox's 15-minute window.
    expect(t!.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before + 14 * 60_000);
    expect(t!.nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    expect((await feedCalls()).map(([, n]) => n)).toEqual([2]);
    expect((await sandboxPosts("facebook")).map((p) => p.text)).toEqual(["first of the day", "second of the day"]);
    // Another platform is not held back by the Page's limit.
    const other = await publish({ text: "meanwhile on Telegram", targets: [{ connectionId: six.telegram.id }] });
    expect((await settled(w.tdb, other.post.id))[0]!.status).toBe("published");
  });

  it("the app's usage near 100 % (X-App-Usage) pauses every post through that app", async () => {
    // Threads answers with the app's usage; one publish call and it reads 100 %.
    await knobs({ overrides: { "graph.threads.net POST /{id}/threads_publish": { rateLimitAfter: 1 } } });
    const first = await publish({ text: "threads one", targets: [{ connectionId: six.threads.id }] });
    expect((await settled(w.tdb, first.post.id))[0]!.status).toBe("published");
    const { rows } = await w.tdb.raw.query<{ scope: string; usage_percent: number }>(`select scope, usage_percent from provider_throttles`);
    expect(rows).toEqual([{ scope: `app:${env().THREADS_APP_ID}`, usage_percent: 100 }]);
    const second = await publish({ text: "threads two", targets: [{ connectionId: six.threads.id }] });
    const [t] = await settled(w.tdb, second.post.id, (x) => x.status === "retrying");
    expect(t!.errorKind).toBe("rate_limit");
    expect((await sandboxPosts("threads")).map((p) => p.text)).toEqual(["threads one"]);
  });

  it("a token the platform no longer accepts marks the connection needs-reconnect and the target 'Reconnect Telegram'", async () => {
    await w.tdb.db
      .update(socialConnections)
      .set({ accessToken: encryptToken("5550001111:AAGm2nB4vC6xZ8lK0jH1gF3dS5aP7oI9uYt", accessTokenCtx(six.telegram.id)) })
      .where(eq(socialConnections.id, six.telegram.id));
    const { post } = await publish({ text: "revoked bot", targets: [{ connectionId: six.telegram.id }] });
    const [t] = await settled(w.tdb, post.id);
    expect(t!.status).toBe("failed");
    expect(t!.error).toMatch(/^Reconnect Telegram/);
    const [c] = await w.tdb.db.select().from(socialConnections).where(eq(socialConnections.id, six.telegram.id));
    expect(c!.status).toBe("needs_reconnect");
  });
});
