import { beforeEach, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { posts, postTargets, providerRequests, socialConnections } from "@/db/schema";
import { publishPostAction, uploadImageAction } from "@/app/(app)/compose/actions";
import { setPostLimitAction } from "@/app/(app)/connections/actions";
import { cancelPostAction, markTargetPostedAction, postTargetAgainAction, retryTargetAction, updateScheduledPostAction } from "@/app/(app)/posts/actions";
import { GET as postRoute } from "@/app/api/posts/[id]/route";
import { GET as healthRoute } from "@/app/api/health/route";
import type { TConnectSession } from "@/lib/connections/oauth-routes";
import { startSender, startWorkers } from "@/lib/jobs";
import { checkHealth } from "@/lib/jobs/health";
import { createPost, sweepDueTargets, ZCreatePostInput } from "@/lib/publishing/create";
import { PUBLISH_QUEUE, publishQueue } from "@/lib/publishing/queue";
import { runPublishJobs } from "@/lib/publishing/worker";
import { CONTAINER_POLL_MS } from "@/lib/providers/instagram/publish";
import { DEFAULT_ATTEMPTS } from "@/lib/http";
import { env } from "@/lib/env";
import { asBrowser, callRoute, inRequestScope, signedInAs, type TBrowser } from "@/tests/support/next";
import { connectSix, person, settled, type TSixConnections } from "@/tests/support/publishing-harness";
import { useJobTestEnv } from "@/tests/support/world";
import type { ActionResult } from "@/lib/actions";
import { stopWorkers } from "@/tests/support/jobs";

// Publishing's routes, actions and jobs under SECURITY A1 (another organization's ids), A7
// (malformed input), J5–J7, and the health check.

let owner: TConnectSession;
let stranger: TConnectSession;
let six: TSixConnections;
let asOwner: TBrowser;
let asStranger: TBrowser;

type Action<T> = (prev: unknown, raw: unknown) => Promise<ActionResult<T>>;

/** A server action called from `browser`'s page, as Next calls it (a POST in a request scope). */
async function act<T>(action: Action<T>, browser: TBrowser, input: unknown): Promise<ActionResult<T>> {
  const { value } = await inRequestScope(asBrowser(browser, "/compose", { method: "POST" }), () => action(null, input));
  return value;
}

const code = (r: ActionResult<unknown>) => (r.ok ? "ok" : r.error.code);

async function counts() {
  const [p] = await w.tdb.db.select({ n: count() }).from(posts);
  const [t] = await w.tdb.db.select({ n: count() }).from(postTargets);
  return { posts: p!.n, targets: t!.n };
}

const w = useJobTestEnv({ sandbox: true, workers: { pollingIntervalSeconds: 0.5, heartbeatMs: 200 } });

beforeEach(async () => {
  w.sb.sandbox.reset();
  await w.tdb.db.delete(posts);
  await w.tdb.db.delete(socialConnections);
  owner = await person(w.tdb.db, "owner");
  stranger = await person(w.tdb.db, "stranger");
  six = await connectSix(w.tdb.db, owner);
  asOwner = await signedInAs(w.tdb, owner.userId, owner.organizationId);
  asStranger = await signedInAs(w.tdb, stranger.userId, stranger.organizationId);
});

async function scheduledPost() {
  return createPost(w.tdb.db, w.boss, {
    organizationId: owner.organizationId,
    userId: owner.userId,
    post: ZCreatePostInput.parse({ text: "Later", targets: [{ connectionId: six.telegram.id }], scheduledAt: new Date(Date.now() + 3_600_000) }),
  });
}

describe("another organization's ids (A1)", () => {
  it("every publishing action and route answers not found, and nothing changes", async () => {
    const { post, targets } = await scheduledPost();
    const targetId = targets[0]!.id;
    expect(code(await act(publishPostAction, asStranger, { text: "mine now", targets: [{ connectionId: six.telegram.id }] }))).toBe("invalid_input");
    for (const action of [retryTargetAction, markTargetPostedAction, postTargetAgainAction]) {
      expect(code(await act(action, asStranger, { targetId }))).toBe("not_found");
    }
    expect(code(await act(cancelPostAction, asStranger, { postId: post.id }))).toBe("not_found");
    expect(code(await act(updateScheduledPostAction, asStranger, { postId: post.id, text: "x", scheduledAt: new Date(Date.now() + 7_200_000).toISOString() }))).toBe("not_found");
    const res = await callRoute(postRoute, asBrowser(asStranger, `/api/posts/${post.id}`), { id: post.id });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    // The owner sees it.
    expect((await callRoute(postRoute, asBrowser(asOwner, `/api/posts/${post.id}`), { id: post.id })).status).toBe(200);
    const [t] = await w.tdb.db.select().from(postTargets).where(eq(postTargets.id, targetId));
    expect(t!.status).toBe("scheduled");
  });

  it("a job whose payload names another organization does nothing (jobs re-check the organization)", async () => {
    const { targets } = await scheduledPost();
    // Due now, so only the organization check stands between the job and the target.
    await w.tdb.db.update(postTargets).set({ nextAttemptAt: new Date() }).where(eq(postTargets.id, targets[0]!.id));
    expect(await runPublishJobs(w.tdb.db, w.boss, [{ targetId: targets[0]!.id, organizationId: stranger.organizationId }])).toEqual([{ status: "fulfilled", value: "not_found" }]);
    const [t] = await w.tdb.db.select().from(postTargets).where(eq(postTargets.id, targets[0]!.id));
    expect(t!.status).toBe("scheduled");
    expect(t!.attempts).toBe(0);
  });
});

describe("managing posts", () => {
  const pullJobsForward = () => w.tdb.raw.query(`update pgboss.job set start_after = now() where name = $1 and state = 'created'`, [PUBLISH_QUEUE]);
  const sent = async () => ((await (await fetch(`${w.sb.url}/__sandbox/posts?platform=telegram`)).json()) as { data: { text: string }[] }).data.map((p) => p.text);

  it("a cancelled scheduled post never goes out; an edited one goes out with its new text", async () => {
    const a = await scheduledPost();
    expect(code(await act(cancelPostAction, asOwner, { postId: a.post.id }))).toBe("ok");
    const b = await scheduledPost();
    const later = new Date(Date.now() + 2 * 3_600_000).toISOString();
    expect(code(await act(updateScheduledPostAction, asOwner, { postId: b.post.id, text: "Edited before it went out", scheduledAt: later }))).toBe("ok");
    // Time passes: both are due.
    await w.tdb.db.update(postTargets).set({ nextAttemptAt: new Date() });
    await pullJobsForward();
    expect((await settled(w.tdb, a.post.id))[0]!.status).toBe("cancelled");
    expect((await settled(w.tdb, b.post.id))[0]!.status).toBe("published");
    expect(await sent()).toEqual(["Edited before it went out"]);
    // Once a channel has started, it can no longer be cancelled or edited.
    expect(code(await act(cancelPostAction, asOwner, { postId: b.post.id }))).toBe("conflict");
  });

  it("a post edited to a later time is not sent by the job queued for the old time, which waits for the new one", async () => {
    const { post, targets } = await scheduledPost();
    const later = new Date(Date.now() + 2 * 3_600_000);
    expect(code(await act(updateScheduledPostAction, asOwner, { postId: post.id, text: "Moved to later", scheduledAt: later.toISOString() }))).toBe("ok");
    // The old time comes: the job queued for it runs.
    const { rows: queued } = await w.tdb.raw.query<{ id: string }>(`select id from pgboss.job where name = $1 and singleton_key = $2 and state = 'created'`, [PUBLISH_QUEUE, targets[0]!.id]);
    expect(queued).toHaveLength(1);
    await pullJobsForward();
    for (;;) {
      const { rows } = await w.tdb.raw.query<{ state: string }>(`select state from pgboss.job where id = $1`, [queued[0]!.id]);
      if (rows[0]?.state === "completed") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const [t] = await w.tdb.db.select().from(postTargets).where(eq(postTargets.id, targets[0]!.id));
    expect({ status: t!.status, attempts: t!.attempts }).toEqual({ status: "scheduled", attempts: 0 });
    const { rows: next } = await w.tdb.raw.query<{ start_after: Date }>(`select start_after from pgboss.job where name = $1 and singleton_key = $2 and state = 'created'`, [PUBLISH_QUEUE, targets[0]!.id]);
    expect(next.map((j) => new Date(j.start_after).getTime())).toEqual([later.getTime()]);
    expect(await sent()).toEqual([]);
  });

  it("Retry on a failed target and Post again on an unknown one send it once each", async () => {
    const { post, targets } = await scheduledPost();
    const id = targets[0]!.id;
    await w.tdb.db.update(postTargets).set({ status: "failed", error: "Telegram answered with an error" }).where(eq(postTargets.id, id));
    expect(code(await act(markTargetPostedAction, asOwner, { targetId: id }))).toBe("conflict");
    expect(code(await act(retryTargetAction, asOwner, { targetId: id }))).toBe("ok");
    await w.tdb.db.update(postTargets).set({ nextAttemptAt: new Date() }).where(eq(postTargets.id, id));
    await pullJobsForward();
    expect((await settled(w.tdb, post.id))[0]!.status).toBe("published");
    const second = await scheduledPost();
    const id2 = second.targets[0]!.id;
    await w.tdb.db.update(postTargets).set({ status: "unknown", nextAttemptAt: new Date() }).where(eq(postTargets.id, id2));
    expect(code(await act(retryTargetAction, asOwner, { targetId: id2 }))).toBe("conflict");
    expect(code(await act(postTargetAgainAction, asOwner, { targetId: id2 }))).toBe("ok");
    await pullJobsForward();
    expect((await settled(w.tdb, second.post.id))[0]!.status).toBe("published");
    expect(await sent()).toEqual(["Later", "Later"]);
    const third = await scheduledPost();
    await w.tdb.db.update(postTargets).set({ status: "unknown" }).where(eq(postTargets.id, third.targets[0]!.id));
    expect(code(await act(markTargetPostedAction, asOwner, { targetId: third.targets[0]!.id }))).toBe("ok");
    expect((await w.tdb.db.select().from(postTargets).where(eq(postTargets.id, third.targets[0]!.id)))[0]!.status).toBe("published");
  });
});

describe("the X connection's posts-per-24-hours setting", () => {
  it("an admin sets it (validated; empty = X's default) and Publish follows it; a platform without such a limit is not found", async () => {
    const limitOf = async () => (await w.tdb.db.select().from(socialConnections).where(eq(socialConnections.id, six.x.id)))[0]!.postsPer24h;
    for (const bad of ["many", "0", "2.5", "100000"]) {
      expect(code(await act(setPostLimitAction, asOwner, { connectionId: six.x.id, postsPer24h: bad })), bad).toBe("invalid_input");
    }
    expect(await limitOf()).toBeNull();
    // At the free tier's 17, an 18th post is refused before sending; raised to 100 it goes.
    await w.tdb.db.insert(providerRequests).values(Array.from({ length: 17 }, () => ({ connectionId: six.x.id, kind: "post" })));
    expect(code(await act(publishPostAction, asOwner, { text: "the 18th", targets: [{ connectionId: six.x.id }] }))).toBe("invalid_input");
    const saved = await act(setPostLimitAction, asOwner, { connectionId: six.x.id, postsPer24h: "100" });
    expect(saved).toEqual({ ok: true, data: { postsPer24h: 100 } });
    expect(code(await act(publishPostAction, asOwner, { text: "the 18th", targets: [{ connectionId: six.x.id }] }))).toBe("ok");
    expect(await act(setPostLimitAction, asOwner, { connectionId: six.x.id, postsPer24h: "" })).toEqual({ ok: true, data: { postsPer24h: 17 } });
    expect(await limitOf()).toBeNull();
    expect(code(await act(setPostLimitAction, asOwner, { connectionId: six.telegram.id, postsPer24h: "5" }))).toBe("not_found");
  });
});

describe("a thread longer than the whole limit", () => {
  it("Publish answers invalid_input with the channel's reason, and nothing is written or sent", async () => {
    const before = await counts();
    const tweetsBefore = (await w.sb.stats())["api.x.com POST /2/tweets"] ?? 0;
    const text = Array.from({ length: 18 }, (_, i) => `Part ${i + 1}`).join("\n---\n");
    const r = await act(publishPostAction, asOwner, { text, targets: [{ connectionId: six.x.id }] });
    expect(r.ok ? null : { code: r.error.code, fields: r.error.fieldErrors }).toEqual({
      code: "invalid_input",
      fields: { [six.x.id]: "Ada Okafor: This thread has 18 posts, more than the 17 X allows in 24 hours. Shorten it." },
    });
    expect(await counts()).toEqual(before);
    expect((await w.sb.stats())["api.x.com POST /2/tweets"] ?? 0).toBe(tweetsBefore);
  });
});

describe("malformed input (A7)", () => {
  it("each bad publish is a 4xx-style invalid_input with a message, and writes nothing", async () => {
    const before = await counts();
    const bad: unknown[] = [
      {},
      { text: 5, targets: [{ connectionId: six.x.id }] },
      { text: "hi", targets: "x" },
      { text: "hi", targets: [] },
      { text: "hi", targets: [{ connectionId: "not-a-uuid" }] },
      { text: "a".repeat(80_000), targets: [{ connectionId: six.telegram.id }] },
      { text: "hi", targets: [{ connectionId: six.telegram.id }], scheduledAt: "next tuesday-ish" },
      { text: "hi", targets: [{ connectionId: six.telegram.id }], scheduledAt: new Date(Date.now() - 3_600_000).toISOString() },
      { text: "hi", targets: [{ connectionId: six.telegram.id }], mediaIds: ["00000000-0000-4000-8000-000000000000"] },
      { text: "hi", targets: [{ connectionId: six.telegram.id }, { connectionId: six.telegram.id }] },
      "just a string",
      null,
    ];
    for (const input of bad) {
      const r = await act(publishPostAction, asOwner, input);
      expect(r.ok, JSON.stringify(input)?.slice(0, 80)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe("invalid_input");
        expect(r.error.message.length).toBeGreaterThan(5);
      }
    }
    expect(await counts()).toEqual(before);
  });

  it("an upload without a file or of text is refused with a message; a bad post id is 404, signed out 401", async () => {
    const noFile = new FormData();
    expect(code(await act(uploadImageAction, asOwner, noFile))).toBe("invalid_input");
    const text = new FormData();
    text.set("file", new File(["hello"], "photo.jpg", { type: "image/jpeg" }));
    const r = await act(uploadImageAction, asOwner, text);
    expect(r.ok ? "ok" : r.error.message).toBe("Only JPEG, PNG, WebP and GIF images can be attached.");
    const res = await callRoute(postRoute, asBrowser(asOwner, "/api/posts/..%2F..%2Fetc"), { id: "../../etc" });
    expect(res.status).toBe(404);
    expect((await callRoute(postRoute, asBrowser({ cookies: {} }, `/api/posts/x`), { id: "x" })).status).toBe(401);
  });
});

describe("jobs (J5–J7)", () => {
  it("J5: the job's expiry is above a publish's worst case, so a slow run is never started twice", () => {
    const polls = CONTAINER_POLL_MS.reduce((a, b) => a + b, 0) / 1000;
    // A carousel polls its children and then its container; every request may take its timeout on each attempt.
    const requests = 12;
    const worst = 2 * polls + requests * DEFAULT_ATTEMPTS * (env().HTTP_TIMEOUT_MS / 1000);
    expect(publishQueue.options.expireInSeconds).toBeGreaterThan(worst);
  });

  it("J6: scheduling the same post twice (the same submit) is one post, one job per target", async () => {
    const input = { text: "Twice?", targets: [{ connectionId: six.telegram.id }], scheduledAt: new Date(Date.now() + 3_600_000).toISOString(), idempotencyKey: "double-click-123" };
    const [a, b] = await Promise.all([act(publishPostAction, asOwner, input), act(publishPostAction, asOwner, input)]);
    expect(a.ok && b.ok && a.data.postId === b.data.postId).toBe(true);
    const targets = await w.tdb.db.select().from(postTargets).where(eq(postTargets.postId, a.ok ? a.data.postId : ""));
    expect(targets).toHaveLength(1);
    const { rows } = await w.tdb.raw.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and singleton_key = $2`, [PUBLISH_QUEUE, targets[0]!.id]);
    expect(rows[0]!.n).toBe(1);
  });

  it("J7: three instances sweeping at the same tick enqueue exactly one job per due target", async () => {
    const { targets } = await scheduledPost();
    await w.tdb.raw.query(`delete from pgboss.job where name = $1`, [PUBLISH_QUEUE]);
    await w.tdb.db.update(postTargets).set({ nextAttemptAt: new Date(Date.now() - 120_000), updatedAt: new Date(Date.now() - 120_000) }).where(eq(postTargets.id, targets[0]!.id));
    const senders = await Promise.all([startSender(w.tdb), startSender(w.tdb), startSender(w.tdb)]);
    try {
      await Promise.all(senders.map((s) => sweepDueTargets(w.tdb.db, s)));
      const { rows } = await w.tdb.raw.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and singleton_key = $2`, [PUBLISH_QUEUE, targets[0]!.id]);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await Promise.all(senders.map((s) => s.stop({ graceful: false, wait: true })));
    }
  });
});

describe("/api/health", () => {
  it("is healthy with a live worker and nothing overdue; unhealthy (503) when a post is overdue", async () => {
    const res = await callRoute(healthRoute, new Request("http://localhost:3000/api/health"));
    const body = (await res.json()) as { status: string; workers: { alive: number }; queue: { overduePosts: number } };
    expect(body.workers.alive).toBeGreaterThan(0);
    expect({ status: res.status, body: body.status }).toEqual({ status: 200, body: "ok" });
    const { post, targets } = await scheduledPost();
    // The post was due ten minutes ago and is still waiting: stuck, whatever the queue says.
    await w.tdb.db.update(postTargets).set({ nextAttemptAt: new Date(Date.now() - 10 * 60_000) }).where(eq(postTargets.id, targets[0]!.id));
    const stuck = await callRoute(healthRoute, new Request("http://localhost:3000/api/health"));
    expect(stuck.status).toBe(503);
    expect(((await stuck.json()) as { problems: string[] }).problems).toContain("1 post is overdue by more than 5 minutes.");
    void post;
  });

  it("is unhealthy when no worker has checked in", async () => {
    await w.tdb.raw.query(`update worker_heartbeats set seen_at = now() - interval '5 minutes'`);
    await stopWorkers(w.boss);
    const health = await checkHealth(w.tdb.db);
    expect(health.status).toBe("unhealthy");
    expect(health.problems).toContain("No worker has checked in in the last minute.");
    w.boss = await startWorkers(w.tdb, { pollingIntervalSeconds: 0.5, schedule: false, heartbeatMs: 200 });
    const { post } = await createPost(w.tdb.db, w.boss, { organizationId: owner.organizationId, userId: owner.userId, post: ZCreatePostInput.parse({ text: "alive again", targets: [{ connectionId: six.telegram.id }] }) });
    expect((await settled(w.tdb, post.id))[0]!.status).toBe("published");
    expect((await checkHealth(w.tdb.db)).status).toBe("ok");
  });
});
