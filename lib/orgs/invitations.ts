import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { invitations, memberships, organizations, users, type TMembershipRole } from "@/db/schema";
import { ZEmail } from "@/lib/auth/schemas";

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const ZInviteInput = z.object({
  email: ZEmail,
  role: z.enum(["admin", "member"], { error: "Choose admin or member." }),
});
export type TInviteInput = z.infer<typeof ZInviteInput>;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates an invitation and returns the secret token for its link (only its hash is stored). */
export async function createInvitation(
  db: DbOrTx,
  input: TInviteInput & { organizationId: string; invitedBy: string },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITE_TTL_MS);
  await db.insert(invitations).values({
    organizationId: input.organizationId,
    email: input.email,
    role: input.role,
    tokenHash: hashToken(token),
    invitedBy: input.invitedBy,
    expiresAt,
  });
  return { token, expiresAt };
}

/** An open invitation by its link token, with the organization's name; null when unknown, used or expired. */
export async function findOpenInvitation(db: DbOrTx, token: string) {
  const [row] = await db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, organizationId: invitations.organizationId, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`)))
    .limit(1);
  return row ?? null;
}

/** The form two emails are compared in: trimmed, lower case, Unicode NFC. */
export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

/** `erin@example.com` → `e***@example.com`: enough for its owner to recognize, not to learn. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

export type AcceptResult =
  | { ok: true; organizationId: string; organizationName: string; role: TMembershipRole }
  | { ok: false; code: "invalid" }
  /** Signed in as someone else: the invitation stays open for the invited address. */
  | { ok: false; code: "wrong_account"; maskedEmail: string };

/**
 * Accepts an invitation once, for the signed-in user whose (normalized) email is the invited
 * one; already being a member keeps the better role. Anyone else leaves it open.
 */
export async function acceptInvitation(db: DbOrTx, token: string, user: { id: string; email: string | null }): Promise<AcceptResult> {
  return db.transaction(async (tx) => {
    const open = and(eq(invitations.tokenHash, hashToken(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`));
    const [found] = await tx.select({ id: invitations.id, email: invitations.email }).from(invitations).where(open).limit(1);
    if (!found) return { ok: false, code: "invalid" } as const;
    if (!user.email || normalizeEmail(user.email) !== normalizeEmail(found.email)) {
      return { ok: false, code: "wrong_account", maskedEmail: maskEmail(found.email) } as const;
    }
    const [invite] = await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()` })
      .where(and(eq(invitations.id, found.id), open))
      .returning();
    if (!invite) return { ok: false, code: "invalid" } as const;
    await tx
      .insert(memberships)
      .values({ organizationId: invite.organizationId, userId: user.id, role: invite.role })
      .onConflictDoNothing({ target: [memberships.organizationId, memberships.userId] });
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, invite.organizationId));
    return { ok: true, organizationId: invite.organizationId, organizationName: org?.name ?? "", role: invite.role } as const;
  });
}

/** Withdraws an open invitation of the organization (its link stops working); false when there was none. */
export async function revokeInvitation(db: DbOrTx, organizationId: string, invitationId: string): Promise<boolean> {
  const rows = await db
    .delete(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.organizationId, organizationId), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  return rows.length > 0;
}

/** Members of an organization with their roles, and the invitations still open. */
export async function listMembers(db: DbOrTx, organizationId: string) {
  const members = await db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(memberships.createdAt);
  const pending = await db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.organizationId, organizationId), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`)));
  return { members, pending };
}

/** Creates a new (non-personal) organization owned by the user. */
export async function createOrganization(db: DbOrTx, userId: string, name: string) {
  return db.transaction(async (tx) => {
    const [org] = await tx.insert(organizations).values({ name }).returning();
    if (!org) throw new Error("organization insert returned nothing");
    await tx.insert(memberships).values({ organizationId: org.id, userId, role: "owner" });
    return org;
  });
}
