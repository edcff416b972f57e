import "server-only";
import type { DbOrTx } from "@/db/client";
import { queueEmail, renderEmail } from "@/lib/notifications";

/**
 * Emails an invitation link (through the outbox and the `email-send` queue, so no request waits
 * for the mail server). The link stays copyable on the Members tab too; without SMTP_URL nothing
 * is sent. Answers whether an email was queued.
 */
export async function sendInvitationEmail(
  db: DbOrTx,
  input: { to: string; link: string; workspace: string; invitedBy: string | null; role: string; expiresAt: Date },
): Promise<boolean> {
  const who = input.invitedBy ? `${input.invitedBy} invited you` : "You are invited";
  const until = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(input.expiresAt);
  const id = await queueEmail(
    db,
    input.to,
    renderEmail({
      subject: `Join ${input.workspace} on Switchboard`,
      body: `${who} to join ${input.workspace} on Switchboard as ${input.role === "admin" ? "an admin" : "a member"}. Sign in (or create an account) with ${input.to} to accept. The link works once, until ${until}.`,
      actionLabel: "Accept the invitation",
      actionUrl: input.link,
      footer: "If you weren't expecting this, you can ignore this email.",
    }),
  );
  return id !== null;
}
