import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { postTargets } from "@/db/schema";
import { GET as postEvents } from "@/app/api/posts/events/route";
import type { TConnectSession } from "@/lib/connections/oauth-routes";
import { connectTelegram } from "@/lib/connections/telegram";
import { createPost, ZCreatePostInput } from "@/lib/publishing/create";
import type { JobSender } from "@/lib/publishing/queue";
import { runPublishJobs } from "@/lib/publishing/worker";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { asBrowser, callRoute, signedInAs, useAppDatabase } from "@/tests/support/next";
import { person, TELEGRAM_BOT } from "@/tests/support/publishing-harness";
import { startSandbox, type RunningSandbox } from "@/tests/support/sandbox-app";

// The Posts page's live status (issue 12): /api/posts/events streams the caller's organization's
// target changes, written by the worker (here run in this process, but found the way a worker in
// another process is: by the stream's check of the rows), and another organization's stream sees none.

let tdb: TestDatabase;
let sb: RunningSandbox;
/** Jobs the worker would enqueue (none on the paths here). */
const jobs: JobSender = { send: async () => null };

type TEvent = { event: string; data: string };

/** The stream's events, one at a time, as a browser's EventSource parses them. */
function reader(res: Response) {
  const body = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(): Promise<TEvent> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split("\n").filter((l) => !l.startsWith(":"));
          if (lines.length === 0) continue;
          const field = (name: string) => lines.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? "";
          return { event: field("event"), data: field("data") };
        }
        const { value, done } = await body.read();
        if (done) throw new Error("the stream ended");
        buffer += decoder.decode(value, { stream: true });
      }
    },
    /** The next `change` event's target changes. */
    async change(): Promise<Array<{ postId: string; targetId: string; status: string }>> {
      for (;;) {
        const e = await this.next();
        if (e.event === "change") return (JSON.parse(e.data) as { changes: Array<{ postId: string; targetId: string; status: string }> }).changes;
      }
    },
    cancel: () => body.cancel(),
  };
}

async function orgWithPost(name: string) {
  const who: TConnectSession = await person(tdb.db, name);
  const conn = await connectTelegram(tdb.db, { botToken: TELEGRAM_BOT, chatId: "@northwind_news", organizationId: who.organizationId, userId: who.userId });
  const { post, targets } = await createPost(tdb.db, jobs, { organizationId: who.organizationId, userId: who.userId, post: ZCreatePostInput.parse({ text: `From ${name}`, targets: [{ connectionId: conn.id }] }) });
  return { who, post, target: targets[0]! };
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  useAppDatabase(tdb);
  sb = await startSandbox();
});

afterAll(async () => {
  await sb?.close();
  await tdb?.cleanup();
});

describe("GET /api/posts/events", () => {
  it("a target the worker publishes produces a change on its organization's stream only", { timeout: 120_000 }, async () => {
    const a = await orgWithPost("avery");
    const b = await orgWithPost("blake");
    const open = async (who: TConnectSession) => {
      const res = await callRoute(postEvents, asBrowser(await signedInAs(tdb, who.userId, who.organizationId), "/api/posts/events"));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/event-stream");
      const r = reader(res);
      expect((await r.next()).event).toBe("ready");
      return r;
    };
    const streamA = await open(a.who);
    const streamB = await open(b.who);

    // A's target: queued → publishing → published, by the worker.
    expect(await runPublishJobs(tdb.db, jobs, [{ targetId: a.target.id, organizationId: a.who.organizationId }])).toEqual([{ status: "fulfilled", value: "published" }]);
    const seenA: string[] = [];
    while (!seenA.includes("published")) {
      const changes = await streamA.change();
      expect(changes.map((c) => c.postId)).toEqual(changes.map(() => a.post.id));
      seenA.push(...changes.map((c) => c.status));
    }

    // B's stream was open all along: its first change is B's own target, never A's.
    await tdb.db.update(postTargets).set({ status: "failed", error: "Telegram refused the post.", updatedAt: new Date() }).where(eq(postTargets.id, b.target.id));
    const changesB = await streamB.change();
    expect(changesB).toEqual([{ postId: b.post.id, targetId: b.target.id, status: "failed" }]);

    await streamA.cancel();
    await streamB.cancel();
  });

  it("a signed-out browser gets no stream", async () => {
    const res = await callRoute(postEvents, asBrowser({ cookies: {} }, "/api/posts/events"));
    expect(res.status).toBe(401);
  });
});
