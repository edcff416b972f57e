"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgAction } from "@/lib/actions";
import { createAccessRequest, reauthorizationLink, revokeAccessRequest, ZCreateAccessRequestInput } from "@/lib/agency/requests";

// Clients (owners and admins): access requests — a link a client opens to share Meta assets.

const PAGE = "/clients";

/** The link is returned once, here; only its token's hash is kept. */
export const createAccessRequestAction = orgAction("admin", ZCreateAccessRequestInput, async (input, ctx) => {
  const created = await createAccessRequest(getDb(), { ...input, organizationId: ctx.org.organizationId, userId: ctx.user.id });
  revalidatePath(PAGE);
  return { id: created.id, clientName: created.clientName, link: created.link };
});

export const revokeAccessRequestAction = orgAction("admin", z.object({ id: z.uuid() }), async (input, ctx) => {
  if (!(await revokeAccessRequest(getDb(), ctx.org.organizationId, input.id))) fail("not_found", "That request does not exist or was already revoked.");
  revalidatePath(PAGE);
});

/** "Copy re-authorization link": the same link again, for a request that still works. */
export const copyAccessLinkAction = orgAction("admin", z.object({ id: z.uuid() }), async (input, ctx) => {
  const link = await reauthorizationLink(getDb(), ctx.org.organizationId, input.id);
  if (!link) fail("not_found", "That request does not exist or its link no longer works.");
  return { link };
});
