"use server";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgAction, userAction } from "@/lib/actions";
import { env, secureCookies } from "@/lib/env";
import { ORG_COOKIE } from "@/lib/orgs/current";
import { createInvitation, createOrganization, revokeInvitation, ZInviteInput } from "@/lib/orgs/invitations";
import { sendInvitationEmail } from "@/lib/orgs/invitation-email";

export const inviteMemberAction = orgAction("admin", ZInviteInput, async (input, ctx) => {
  const { token, expiresAt } = await createInvitation(getDb(), {
    ...input,
    organizationId: ctx.org.organizationId,
    invitedBy: ctx.user.id,
  });
  const link = `${env().APP_URL}/invite/${token}`;
  const emailed = await sendInvitationEmail(getDb(), { to: input.email, link, workspace: ctx.org.name, invitedBy: ctx.user.name ?? ctx.user.email, role: input.role, expiresAt });
  revalidatePath("/settings/tab/members");
  return { link, email: input.email, expiresAt: expiresAt.toISOString(), emailed };
});

/** Withdraws an open invitation: its link stops working at once. */
export const revokeInvitationAction = orgAction("admin", z.object({ invitationId: z.uuid() }), async (input, ctx) => {
  const revoked = await revokeInvitation(getDb(), ctx.org.organizationId, input.invitationId);
  if (!revoked) fail("not_found", "This invitation was already accepted or withdrawn.");
  revalidatePath("/settings/tab/members");
  return { revoked: true };
});

export const createOrganizationAction = userAction(
  z.object({ name: z.string().trim().min(2, "Use at least 2 characters.").max(80, "Use at most 80 characters.") }),
  async (input, user) => {
    const org = await createOrganization(getDb(), user.id, input.name);
    (await cookies()).set(ORG_COOKIE, org.id, {
      httpOnly: true,
      sameSite: "lax",
      secure: secureCookies(),
      path: "/",
    });
    revalidatePath("/", "layout");
    return { name: org.name };
  },
);
