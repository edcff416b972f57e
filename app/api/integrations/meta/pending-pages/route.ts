import { getDb } from "@/db/client";
import { enforceRateLimit, rateLimitKey } from "@/lib/rate-limit";
import { listPendingPages, metaApiContext, metaJson, metaJsonError } from "@/lib/meta-messaging";

export const dynamic = "force-dynamic";

/** The Pages waiting for this person's pick (ids, names, pictures, Instagram usernames — never tokens). */
export async function GET(request: Request): Promise<Response> {
  const auth = await metaApiContext("admin", new URL(request.url).searchParams.get("organizationId"));
  if (!auth.ok) return auth.response;
  const limited = await enforceRateLimit(getDb(), { key: rateLimitKey.user("meta-integration", auth.ctx.user.id), limit: 60, windowMs: 60_000 });
  if (limited) return limited;
  const pending = await listPendingPages(getDb(), auth.organizationId, auth.ctx.user.id);
  if (pending.status === "expired") return metaJsonError("selection_expired", 410);
  if (pending.status === "none") return metaJsonError("not_found", 404);
  return metaJson({ pages: pending.pages, expiresAt: pending.expiresAt });
}
