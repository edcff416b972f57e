import { beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { emailOutbox, memberships, posts, postTargets, socialConnections, users } from "@/db/schema";
import type { TConnectSession } from "@/lib/connections/oauth-routes";
import { connectTelegram } from "@/lib/connections/telegram";
import { listNotifications, saveEmailSettings } from "@/lib/notifications";
import { person, settled, TELEGRAM_BOT } from "@/tests/support/publishing-harness";
import { useJobTestEnv } from "@/tests/support/world";
import { createPost, ZCreatePostInput } from "./create";
import { retryTarget } from "./manage";
import { failedPostLink } from "./notify";

// A failed target tells the post's author: the bell, and email as their settings say (the
// sandbox's SMTP mailbox receives it), once per target.

let owner: TConnectSession;

const w = useJobTestEnv({ sandbox: { mail: true }, workers: { pollingIntervalSeconds: 0.5 } });

beforeEach(async () => {
  w.sb.sandbox.reset();
  owner = await person(w.tdb.db, "owner");
});

async function emailOf(userId: string): Promise<string> {
  const [u] = await w.tdb.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u!.email!;
}

async function member(role: "admin" | "member"): Promise<TConnectSession> {
  const p = await person(w.tdb.db, role);
  await w.tdb.db.insert(memberships).values({ organizationId: owner.organizationId, userId: p.userId, role });
  return { ...p, organizationId: owner.organizationId, role };
}

/** A Telegram post by `author` whose channel was disconnected before it went out: its target fails. */
async function failingPost(author: TConnectSession, meanwhile?: () => Promise<unknown>) {
  const channel = await connectTelegram(w.tdb.db, { botToken: TELEGRAM_BOT, chatId: "@northwind_news", organizationId: owner.organizationId, userId: author.userId });
  const { post, targets } = await createPost(w.tdb.db, w.boss, {
    organizationId: owner.organizationId,
    userId: author.userId,
    post: ZCreatePostInput.parse({ text: "Opening hours", targets: [{ connectionId: channel.id }], scheduledAt: new Date(Date.now() + 3_600_000) }),
  });
  await w.tdb.db.delete(socialConnections).where(eq(socialConnections.id, channel.id));
  await meanwhile?.();
  await runNow();
  const [t] = await settled(w.tdb, post.id);
  expect(t!.status).toBe("failed");
  // The worker marks the target failed, then notifies: wait for the owner's notification (every
  // case below notifies the owner), not only for the status, or a busy machine reads too early.
  await until(
    () => listNotifications(w.tdb.db, owner.userId, owner.organizationId),
    (ns) => ns.some((n) => n.link === failedPostLink(post.id)),
  );
  return { post, target: targets[0]! };
}

async function runNow() {
  await w.tdb.db.update(postTargets).set({ nextAttemptAt: sql`now()` });
  await w.tdb.raw.query(`update pgboss.job set start_after = now() where name = 'publish-target' and state = 'created'`);
}

const mailTo = (address: string) => w.sb.sandbox.context.mailbox().filter((m) => m.envelope.to.includes(address));

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
    const [n, ...more] = await listNotifications(w.tdb.db, owner.userId, owner.organizationId);
    expect(more).toHaveLength(0);
    expect(n).toMatchObject({ kind: "post_failed", subject: "Not published to Northwind News (Telegram)", link: failedPostLink(post.id) });
    expect(n!.body).toMatch(/^The Telegram account was disconnected\. Connect it again, then press Retry\.$/);
    expect(await listNotifications(w.tdb.db, admin.userId, owner.organizationId)).toHaveLength(0);
    const address = await emailOf(owner.userId);
    const [mail] = await until(() => mailTo(address), (m) => m.length > 0);
    expect(mail!.subject).toBe("Not published to Northwind News (Telegram)");
    expect(mail!.text).toContain(`Open the post: http://localhost:3000${failedPostLink(post.id)}`);

    // Retried and failed again: the same target, so no second bell or email.
    await retryTarget(w.tdb.db, w.boss, owner.organizationId, target.id);
    await settled(w.tdb, post.id);
    await until(() => w.boss.getQueueSize("email-send"), (size) => size === 0);
    expect(await listNotifications(w.tdb.db, owner.userId, owner.organizationId)).toHaveLength(1);
    expect(mailTo(address)).toHaveLength(1);
  });

  it("with post-failure emails turned off, shows in the bell and sends no email", async () => {
    await saveEmailSettings(w.tdb.db, owner.userId, new Set(["connection_expired"]));
    await failingPost(owner);
    expect((await listNotifications(w.tdb.db, owner.userId, owner.organizationId)).map((n) => n.kind)).toEqual(["post_failed"]);
    expect(await w.tdb.db.select().from(emailOutbox).where(eq(emailOutbox.to, await emailOf(owner.userId)))).toHaveLength(0);
  });

  it("whose author left the workspace tells its owners and admins instead", async () => {
    const author = await member("member");
    const { post } = await failingPost(author, () => w.tdb.db.delete(memberships).where(eq(memberships.userId, author.userId)));
    expect((await listNotifications(w.tdb.db, owner.userId, owner.organizationId)).map((n) => n.link)).toEqual([failedPostLink(post.id)]);
  });
});
