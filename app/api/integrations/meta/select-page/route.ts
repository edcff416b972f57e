import { z } from "zod";
import { getDb } from "@/db/client";
import { enforceRateLimit, rateLimitKey } from "@/lib/rate-limit";
import { getMetaConnection, metaApiContext, metaJson, metaJsonError, MetaMessagingError, selectPendingPage } from "@/lib/meta-messaging";

export const dynamic = "force-dynamic";

const ZSelectPage = z.object({
  pageId: z.string().regex(/^\d{1,32}$/),
  organizationId: z.uuid().optional(),
});

/** Saves the picked Page for the organization and subscribes its webhooks. */
export async function POST(request: Request): Promise<Response> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    return metaJsonError("invalid_input", 400);
  }
  const input = ZSelectPage.safeParse(raw);
  if (!input.success) return metaJsonError("invalid_input", 400);
  const auth = await metaApiContext("admin", input.data.organizationId);
  if (!auth.ok) return auth.response;
  const limited = await enforceRateLimit(getDb(), { key: rateLimitKey.user("meta-integration", auth.ctx.user.id), limit: 60, windowMs: 60_000 });
  if (limited) return limited;
  const db = getDb();
  try {
    await selectPendingPage(db, { organizationId: auth.organizationId, userId: auth.ctx.user.id, pageId: input.data.pageId });
  } catch (err) {
    if (err instanceof MetaMessagingError) return metaJsonError(err.code, err.code === "selection_expired" ? 410 : 404);
    throw err;
  }
  return metaJson({ connection: await getMetaConnection(db, auth.organizationId) });
}
