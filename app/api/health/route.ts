import { getDb } from "@/db/client";
import { checkHealth } from "@/lib/jobs/health";

export const dynamic = "force-dynamic";

/** GET /api/health: 200 when the database, the queue and the workers are well; 503 with the reasons otherwise. */
export async function GET(): Promise<Response> {
  const health = await checkHealth(getDb());
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
