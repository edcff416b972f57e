import { getDb } from "@/db/client";
import { fail } from "@/lib/actions";
import { route } from "@/lib/api/route";
import { listPendingPages, META_API_RATE_LIMIT, META_ERROR_MESSAGES } from "@/lib/meta-messaging";

export const dynamic = "force-dynamic";

/** The Pages waiting for this person's pick (ids, names, pictures, Instagram usernames — never tokens). */
export const GET = route({ auth: "session", role: "admin", rateLimit: META_API_RATE_LIMIT }, async (_input, who) => {
  const pending = await listPendingPages(getDb(), who.organizationId, who.ctx.user.id);
  if (pending.status === "expired") fail("selection_expired", META_ERROR_MESSAGES.selection_expired);
  if (pending.status === "none") fail("not_found", META_ERROR_MESSAGES.not_found);
  return { pages: pending.pages, expiresAt: pending.expiresAt };
});
