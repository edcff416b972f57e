import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { eq } from "drizzle-orm";
import { createSandbox, createSmtpServer, type Sandbox, type SmtpServer } from "@/tests/support/sandbox-app";
import { emailOutbox, memberships, notifications } from "@/db/schema";
import { createUserWithPersonalOrg } from "@/lib/auth/users";
import { resetEnvForTests } from "@/lib/env";
import { startWorkers } from "@/lib/jobs";
import { clearRunningBoss, registerRunningBoss } from "@/lib/jobs/enqueue";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";
import { listNotifications, markAllRead, markRead, raiseNotification, saveEmailSettings, sendOutboxEmail, unreadCount } from "./index";
import { queueEmail, renderEmail } from "./email";
import { stopWorkers } from "@/tests/support/jobs";

// Notifications end to end on a real database, a real pg-boss worker and the sandbox's real SMTP
// server (nodemailer talks SMTP to it over TCP).

let database: TestDatabase;
let boss: PgBoss;
let sandbox: Sandbox;
let smtp: SmtpServer;
let smtpPort: number;
const savedSmtp = process.env.SMTP_URL;

beforeAll(async () => {
  sandbox = createSandbox({ modules: [], sandboxUrl: "http://sandbox.test", appOrigins: ["http://localhost:3000"] });
  smtp = createSmtpServer({ onMessage: (envelope, raw) => void sandbox.receiveMail(envelope, raw) });
  smtpPort = (await smtp.listen(0)).port;
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
  resetEnvForTests();
  database = await createTestDatabase();
  boss = await startWorkers(database, { pollingIntervalSeconds: 0.5, schedule: false });
});

afterAll(async () => {
  await stopWorkers(boss);
  await database?.cleanup();
  await smtp?.close();
  if (savedSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtp;
  resetEnvForTests();
});

async function person(name: string) {
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const user = await createUserWithPersonalOrg(database.db, { name, email, passwordHash: null });
  const [m] = await database.db.select().from(memberships).where(eq(memberships.userId, user.id));
  return { user, email, organizationId: m!.organizationId };
}

async function until<T>(read: () => T | Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const mailTo = (address: string) => sandbox.context.mailbox().filter((m) => m.envelope.to.includes(address));

describe("notifications", () => {
  it("a raised notification reaches the bell once and arrives by email once, with the right recipient and link", async () => {
    const ada = await person("Ada");
    const raise = () =>
      raiseNotification(database.db, {
        kind: "connection_expiring",
        organizationId: ada.organizationId,
        subject: "Northwind (LinkedIn) expires in 9 days",
        body: "Reconnect it before then.",
        link: "/api/social/linkedin/connect?target=company&reconnect=abc",
        actionLabel: "Reconnect",
        dedupeKey: "connection:abc:v1:expiring",
      });
    expect(await raise()).toEqual({ created: 1 });
    // The same event again (the next job run, another instance): nothing new.
    expect(await raise()).toEqual({ created: 0 });
    expect(await unreadCount(database.db, ada.user.id, ada.organizationId)).toBe(1);

    const [mail] = await until(() => mailTo(ada.email), (m) => m.length > 0, "the email");
    expect(mail!.envelope.to).toEqual([ada.email]);
    expect(mail!.subject).toBe("Northwind (LinkedIn) expires in 9 days");
    expect(mail!.text).toContain("Reconnect: http://localhost:3000/api/social/linkedin/connect?target=company&reconnect=abc");
    expect(mail!.html).toContain('href="http://localhost:3000/api/social/linkedin/connect?target=company&amp;reconnect=abc"');
    const [row] = await until(() => database.db.select().from(emailOutbox).where(eq(emailOutbox.to, ada.email)), (r) => r[0]?.status === "sent", "the outbox row marked sent");
    // The outbox keeps the content encrypted.
    expect(row!.message).not.toContain("Northwind");
    // Still one email after the queue is idle.
    await until(() => boss.getQueueSize("email-send"), (n) => n === 0, "an idle queue");
    expect(mailTo(ada.email)).toHaveLength(1);
  });

  it("an admin-audience kind reaches owners and admins but not members; email follows each person's setting", async () => {
    const owner = await person("Olive");
    const admin = await person("Arun");
    const member = await person("Mia");
    await database.db.insert(memberships).values([
      { organizationId: owner.organizationId, userId: admin.user.id, role: "admin" },
      { organizationId: owner.organizationId, userId: member.user.id, role: "member" },
    ]);
    await saveEmailSettings(database.db, admin.user.id, new Set());
    await raiseNotification(database.db, {
      kind: "connection_needs_reconnect",
      organizationId: owner.organizationId,
      subject: "Maya's Bakery (Facebook) needs to be reconnected",
      link: "/connections",
      dedupeKey: "connection:x:v1:needs_reconnect",
    });
    expect(await unreadCount(database.db, owner.user.id, owner.organizationId)).toBe(1);
    expect(await unreadCount(database.db, admin.user.id, owner.organizationId)).toBe(1);
    expect(await unreadCount(database.db, member.user.id, owner.organizationId)).toBe(0);
    await until(() => mailTo(owner.email), (m) => m.length === 1, "the owner's email");
    await until(() => boss.getQueueSize("email-send"), (n) => n === 0, "an idle queue");
    expect(mailTo(admin.email)).toHaveLength(0);
  });

  it("mark read and mark all read touch only the person's own notifications (A1)", async () => {
    const a = await person("Ana");
    const b = await person("Ben");
    for (const p of [a, b]) {
      for (const n of [1, 2]) {
        await raiseNotification(database.db, { kind: "connection_expired", organizationId: p.organizationId, subject: `expired ${n}`, link: "/connections", dedupeKey: `e${n}` });
      }
    }
    const [first] = await listNotifications(database.db, a.user.id, a.organizationId);
    const bList = await listNotifications(database.db, b.user.id, b.organizationId);
    // Ben's id, Ana's session: nothing.
    expect(await markRead(database.db, a.user.id, a.organizationId, bList[0]!.id)).toBe(false);
    // Ana's notification, through another workspace: nothing.
    expect(await markRead(database.db, a.user.id, b.organizationId, first!.id)).toBe(false);
    expect(await markRead(database.db, a.user.id, a.organizationId, first!.id)).toBe(true);
    expect(await unreadCount(database.db, a.user.id, a.organizationId)).toBe(1);
    expect(await markAllRead(database.db, a.user.id, a.organizationId)).toBe(1);
    expect(await unreadCount(database.db, a.user.id, a.organizationId)).toBe(0);
    expect(await unreadCount(database.db, b.user.id, b.organizationId)).toBe(2);
    expect(await database.db.select().from(notifications).where(eq(notifications.userId, b.user.id))).toHaveLength(2);
    await until(() => mailTo(b.email), (m) => m.length === 2, "Ben's two emails");
    await until(() => boss.getQueueSize("email-send"), (n) => n === 0, "an idle queue");
  });

  it("a mail server that is down leaves the email pending with the reason; the retry sends it", async () => {
    const down = createSmtpServer({ onMessage: (envelope, raw) => void sandbox.receiveMail(envelope, raw) });
    // A port nothing listens on yet.
    const port = (await down.listen(0)).port;
    await down.close();
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    resetEnvForTests();
    try {
      // Queued as a process without workers would (no job); the job's handler runs as pg-boss would.
      clearRunningBoss(boss);
      const id = await queueEmail(database.db, "retry@example.com", renderEmail({ subject: "Retry me", body: "b", actionLabel: "Open", actionUrl: "http://localhost:3000/x" }));
      registerRunningBoss(boss, new Map());
      const attempt = () => sendOutboxEmail(database.db, id!);
      await expect(attempt()).rejects.toThrow(/not sent/);
      const [pending] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id!));
      expect(pending).toMatchObject({ status: "pending" });
      expect(pending!.lastError).toMatch(/ECONNREFUSED|connect/i);
      await down.listen(port);
      expect(await attempt()).toBe("sent");
      expect(await attempt()).toBe("not_found");
      expect(mailTo("retry@example.com")).toHaveLength(1);
    } finally {
      registerRunningBoss(boss, new Map());
      await down.close();
      process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
      resetEnvForTests();
    }
  });
});
