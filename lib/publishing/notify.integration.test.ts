import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { eq, sql } from "drizzle-orm";
import { emailOutbox, memberships, posts, postTargets, socialConnections, users } from "@/db/schema";
import type { TConnectSession } from "@/lib/connections/oauth-routes";
import { connectTelegram } from "@/lib/connections/telegram";
import { startWorkers } from "@/lib/jobs";
import { listNotifications, saveEmailSettings } from "@/lib/notifications";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { person, settled, TELEGRAM_BOT } from "@/tests/support/publishing-harness";
import { startSandbox, type RunningSandbox } from "@/tests/support/sandbox-app";
import { createPost, ZCreatePostInput } from "./create";
import { retryTarget } from "./manage";
import { failedPostLink } from "./notify";
import { stopWorkers } from "@/tests/support/jobs";

// A failed target tells the post's author: the bell, and email as their settings say (the
// sandbox's SMTP mailbox receives it), once per target.

let tdb: TestDatabase;
let sb: RunningSandbox;
let boss: PgBoss;
let owner: TConnectSession;

beforeAll(async () => {
  tdb = await createTestDatabase();
  sb = await startSandbox({ mail: true });
  boss = await startWorkers(tdb, { pollingIntervalSeconds: 0.5, schedule: false });
});

afterAll(async () => {
  await stopWorkers(boss);
  await sb?.close();
  await tdb?.cleanup();
});

beforeEach(async () => {
  sb.sandbox.reset();
  owner = await person(tdb.db, "owner");
});

async function emailOf(userId: string): Promise<string> {
  const [u] = await tdb.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u!.email!;
}

async function member(role: "admin" | "member"): Promise<TConnectSession> {
  const p = await person(tdb.db, role);
  await tdb.db.insert(memberships).values({ organizationId: owner.organizationId, userId: p.userId, role });
  return { ...p, organizationId: owner.organizationId, role };
}

/** A Telegram post by `author` whose channel was disconnected before it went out: its target fails. */
async function failingPost(author: TConnectSession, meanwhile?: () => Promise<unknown>) {
  const channel = await connectTelegram(tdb.db, { botToken: TELEGRAM_BOT, chatId: "@northwind_news", organizationId: owner.organizationId, userId: author.userId });
  const { post, targets } = await createPost(tdb.db, boss, {
    organizationId: owner.organizationId,
    userId: author.userId,
    post: ZCreatePostInput.parse({ text: "Opening hours", targets: [{ connectionId: channel.id }], scheduledAt: new Date(Date.now() + 3_600_000) }),
  });
  await tdb.db.delete(socialConnections).where(eq(socialConnections.id, channel.id));
  await meanwhile?.();
  await runNow();
  const [t] = await settled(tdb, post.id);
  expect(t!.status).toBe("failed");
  // The worker marks the target failed, then notifies: wait for the owner's notification (every
  // case below notifies the owner), not only for the status, or a busy machine reads too early.
  await until(
    () => listNotifications(tdb.db, owner.userId, owner.organizationId),
    (ns) => ns.some((n) => n.link === failedPostLink(post.id)),
  );
  return { post, target: targets[0]! };
}

async function runNow() {
  await tdb.db.update(postTargets).set({ nextAttemptAt: sql`now()` });
  await tdb.raw.query(`update pgboss.job set start_after = now() where name = 'publish-target' and state = 'created'`);
}

const mailTo = (address: string) => sb.sandbox.context.mailbox().filter((m) => m.envelope.to.includes(address));

async function until<T>(read: () => T | Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a failed target", () => {
  it("tells its author once — in the bell and by email, with the reason and a link to the post — and not the other admins", async () => {
    const admin = await member("admin");
    const { post, target } = await failingPost(owner);
    const [n, ...more] = await listNotifications(tdb.db, owner.userId, owner.organizationId);
    expect(more).toHaveLength(0);
    expect(n).toMatchObject({ kind: "post_failed", subject: "Not published to Northwind News (Telegram)", link: failedPostLink(post.id) });
    expect(n!.body).toMatch(/^The Telegram account was disconnected\. Connect it again, then press Retry\.$/);
    expect(await listNotifications(tdb.db, admin.userId, owner.organizationId)).toHaveLength(0);
    const address = await emailOf(owner.userId);
    const [mail] = await until(() => mailTo(address), (m) => m.length > 0);
    expect(mail!.subject).toBe("Not published to Northwind News (Telegram)");
    expect(mail!.text).toContain(`Open the post: http://localhost:3000${failedPostLink(post.id)}`);

    // Retried and failed again: the same target, so no second bell or email.
    await retryTarget(tdb.db, boss, owner.organizationId, target.id);
    await settled(tdb, post.id);
    await until(() => boss.getQueueSize("email-send"), (size) => size === 0);
    expect(await listNotifications(tdb.db, owner.userId, owner.organizationId)).toHaveLength(1);
    expect(mailTo(address)).toHaveLength(1);
  });

  it("with post-failure emails turned off, shows in the bell and sends no email", async () => {
    await saveEmailSettings(tdb.db, owner.userId, new Set(["connection_expired"]));
    await failingPost(owner);
    expect((await listNotifications(tdb.db, owner.userId, owner.organizationId)).map((n) => n.kind)).toEqual(["post_failed"]);
    expect(await tdb.db.select().from(emailOutbox).where(eq(emailOutbox.to, await emailOf(owner.userId)))).toHaveLength(0);
  });

  it("whose author left the workspace tells its owners and admins instead", async () => {
    const author = await member("member");
    const { post } = await failingPost(author, () => tdb.db.delete(memberships).where(eq(memberships.userId, author.userId)));
    expect((await listNotifications(tdb.db, owner.userId, owner.organizationId)).map((n) => n.link)).toEqual([failedPostLink(post.id)]);
  });
});
