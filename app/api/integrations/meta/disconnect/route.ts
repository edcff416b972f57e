import { z } from "zod";
import { getDb } from "@/db/client";
import { enforceRateLimit, rateLimitKey } from "@/lib/rate-limit";
import { disconnectMeta, metaApiContext, metaJson, metaJsonError, MetaMessagingError } from "@/lib/meta-messaging";

export const dynamic = "force-dynamic";

const ZDisconnect = z.object({ organizationId: z.uuid().optional() });

/** Unsubscribes the Page (best effort) and deletes only the organization's Meta settings row. */
export async function POST(request: Request): Promise<Response> {
  let raw: unknown = {};
  const text = await request.text();
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      return metaJsonError("invalid_input", 400);
    }
  }
  const input = ZDisconnect.safeParse(raw);
  if (!input.success) return metaJsonError("invalid_input", 400);
  const auth = await metaApiContext("admin", input.data.organizationId);
  if (!auth.ok) return auth.response;
  const limited = await enforceRateLimit(getDb(), { key: rateLimitKey.user("meta-integration", auth.ctx.user.id), limit: 60, windowMs: 60_000 });
  if (limited) return limited;
  try {
    const result = await disconnectMeta(getDb(), auth.organizationId);
    return metaJson({ disconnected: true, unsubscribed: result.unsubscribed });
  } catch (err) {
    if (err instanceof MetaMessagingError) return metaJsonError(err.code, 404);
    throw err;
  }
}
