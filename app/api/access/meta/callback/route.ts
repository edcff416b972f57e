import { getDb } from "@/db/client";
import { finishClientAuthorization } from "@/lib/agency/authorize";
import { clientIp, enforceRateLimit, rateLimitKey } from "@/lib/rate-limit";

export const dynamic = "force-dynamic";

/**
 * Facebook returns a client here from an agency's access link (no sign-in): the engine checks the
 * state against this browser's cookie and exchanges the code; the client connection is stored
 * and the browser goes on to choose what to share. Every answer is a 303 to a clean URL (O7).
 */
export async function GET(request: Request): Promise<Response> {
  const db = getDb();
  const limited = await enforceRateLimit(db, { key: rateLimitKey.ip("access-callback", clientIp(request.headers)), limit: 30, windowMs: 60_000 });
  if (limited) return limited;
  return finishClientAuthorization(db, request);
}
