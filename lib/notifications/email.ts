import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, lt, or, isNull, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { decryptToken, encryptToken } from "@/lib/crypto";
import { env } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { defineQueue, ZScheduledPayload } from "@/lib/jobs/queue";
import { childLogger } from "@/lib/log";

const log = childLogger({ module: "email" });

/**
 * The queue that sends one outbox email; pg-boss retries it with backoff. `short`, keyed by the
 * email: at most one job per email waits in the queue, so the sweep asking again for an email
 * whose job has not run yet adds nothing (the outbox row's lease keeps two running jobs from
 * sending it twice).
 */
export const emailQueue = defineQueue({
  name: "email-send",
  schema: z.object({ id: z.uuid() }),
  policy: "short",
  singletonKey: (job) => job.id,
  options: { retryLimit: 5, retryDelay: 20, retryBackoff: true, expireInSeconds: 120 },
  worker: { pollingIntervalSeconds: 1 },
});

/** Emails whose job was lost, or that used up their retries while the mail server was down, are queued again. */
export const emailOutboxSweepQueue = defineQueue({ name: "email-outbox-sweep", schema: ZScheduledPayload, cron: "*/5 * * * *" });
/** After this many attempts (across retries and sweeps) an email is given up as failed. */
const MAX_ATTEMPTS = 8;

export interface TEmailMessage {
  subject: string;
  text: string;
  html: string;
}
const ZEmailMessage = z.object({ subject: z.string(), text: z.string(), html: z.string() });

const messageCtx = (id: string) => ({ table: "email_outbox", id, field: "message" });

/** Whether this installation sends email at all (SMTP_URL). */
export function emailEnabled(): boolean {
  return !!env().SMTP_URL;
}

/**
 * Puts one email in the outbox (its content encrypted) and asks the `email-send` queue to send
 * it, so no request waits for a mail server. Returns the outbox id, or null when SMTP_URL is not
 * set (nothing is sent). A lost enqueue is picked up by the periodic sweep.
 */
export async function queueEmail(db: DbOrTx, to: string, message: TEmailMessage): Promise<string | null> {
  if (!emailEnabled()) return null;
  const id = randomUUID();
  await db.insert(emailOutbox).values({ id, to, message: encryptToken(JSON.stringify(message), messageCtx(id)) });
  await enqueue(id);
  return id;
}

/** Best effort: without pg-boss in this process (a script) or on a failed send, the sweep queues it later. */
async function enqueue(id: string): Promise<void> {
  try {
    await enqueueJob(emailQueue, { id });
  } catch (err) {
    log.debug({ emailId: id, err }, "email not enqueued now; the outbox sweep will");
  }
}

let transport: { url: string; transporter: Transporter } | undefined;
function transporter(): Transporter {
  const url = env().SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set");
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }) };
  return transport.transporter;
}

function fromAddress(): string {
  return env().MAIL_FROM ?? `Switchboard <no-reply@${new URL(env().APP_URL).hostname}>`;
}

export type TSendOutcome = "sent" | "not_found" | "busy" | "failed";

/**
 * The `email-send` job: takes the outbox row (a lease, so two workers never send it twice at
 * once), sends it over SMTP with its text and HTML parts, and marks it sent. A failure records
 * the server's answer and throws, so pg-boss retries with backoff; after MAX_ATTEMPTS it is failed.
 */
export async function sendOutboxEmail(db: DbOrTx, id: string): Promise<TSendOutcome> {
  const [row] = await db
    .update(emailOutbox)
    .set({ attempts: sql`${emailOutbox.attempts} + 1`, lockedUntil: sql`now() + interval '2 minutes'` })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "pending"), or(isNull(emailOutbox.lockedUntil), lt(emailOutbox.lockedUntil, sql`now()`))))
    .returning();
  if (!row) {
    const [exists] = await db.select({ status: emailOutbox.status }).from(emailOutbox).where(eq(emailOutbox.id, id));
    return exists?.status === "pending" ? "busy" : "not_found";
  }
  const message = ZEmailMessage.parse(JSON.parse(decryptToken(row.message, messageCtx(row.id))));
  try {
    await transporter().sendMail({ from: fromAddress(), to: row.to, subject: message.subject, text: message.text, html: message.html });
  } catch (err) {
    const reason = err instanceof Error ? err.message.slice(0, 300) : "send failed";
    const failed = row.attempts >= MAX_ATTEMPTS;
    await db
      .update(emailOutbox)
      .set({ lastError: reason, lockedUntil: null, ...(failed ? { status: "failed" } : {}) })
      .where(eq(emailOutbox.id, row.id));
    log.warn({ emailId: row.id, attempts: row.attempts, reason }, failed ? "email failed for good" : "email send failed; will retry");
    if (failed) return "failed";
    throw new Error(`email ${row.id} not sent: ${reason}`);
  }
  await db.update(emailOutbox).set({ status: "sent", sentAt: sql`now()`, lockedUntil: null, lastError: null }).where(eq(emailOutbox.id, row.id));
  log.info({ emailId: row.id, attempts: row.attempts }, "email sent");
  return "sent";
}

/**
 * Periodic: re-enqueues outbox emails still pending a few minutes after they were queued (an
 * enqueue that was lost, retries used up while the mail server was down); forgets sent ones
 * after 30 days.
 */
export async function sweepEmailOutbox(db: DbOrTx): Promise<{ requeued: number; pruned: number }> {
  const stuck = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, "pending"), lt(emailOutbox.createdAt, sql`now() - interval '3 minutes'`), or(isNull(emailOutbox.lockedUntil), lt(emailOutbox.lockedUntil, sql`now()`))))
    .limit(500);
  for (const { id } of stuck) await enqueue(id);
  const pruned = await db
    .delete(emailOutbox)
    .where(and(or(eq(emailOutbox.status, "sent"), eq(emailOutbox.status, "failed")), lt(emailOutbox.createdAt, sql`now() - interval '30 days'`)))
    .returning({ id: emailOutbox.id });
  return { requeued: stuck.length, pruned: pruned.length };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * One simple email: a heading, a paragraph, one button (the single next action), a footer.
 * Plain text and HTML say the same; every value is escaped in the HTML.
 */
export function renderEmail(input: { subject: string; body: string; actionLabel: string; actionUrl: string; footer?: string }): TEmailMessage {
  const footer = input.footer ?? "Switchboard";
  const text = `${input.subject}\n\n${input.body}\n\n${input.actionLabel}: ${input.actionUrl}\n\n— ${footer}\n`;
  const html = `<!doctype html><html><body style="margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b">
<div style="max-width:520px;margin:0 auto;background:#fff;border:1px solid #e4e4e7;border-radius:12px;padding:24px">
<h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(input.subject)}</h1>
<p style="font-size:14px;line-height:1.5;margin:0 0 20px">${escapeHtml(input.body)}</p>
<p style="margin:0 0 20px"><a href="${escapeHtml(input.actionUrl)}" style="display:inline-block;background:#18181b;color:#fff;text-decoration:none;padding:10px 16px;border-radius:8px;font-size:14px">${escapeHtml(input.actionLabel)}</a></p>
<p style="font-size:12px;color:#71717a;margin:0">Or open: ${escapeHtml(input.actionUrl)}</p>
</div>
<p style="max-width:520px;margin:12px auto 0;font-size:12px;color:#71717a">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject: input.subject, text, html };
}
