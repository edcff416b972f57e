import { z } from "zod";
import { env } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { SCHEDULED_QUEUES } from "@/lib/jobs";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };
const ZRunJob = z.object({ queue: z.enum(SCHEDULED_QUEUES.map((q) => q.name) as [string, ...string[]]) });

/**
 * E2E only (E2E_TEST_HOOKS=1, which requires SANDBOX_URL): runs a scheduled job now instead of
 * at its next cron tick (e.g. `connection-expiry-check`). Everywhere else: 404.
 */
export async function POST(request: Request): Promise<Response> {
  if (!env().E2E_TEST_HOOKS) return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404, headers: noStore });
  const input = ZRunJob.safeParse(await request.json().catch(() => null));
  if (!input.success) return Response.json({ error: { code: "invalid_input", message: "Expected {queue} naming a scheduled queue." } }, { status: 400, headers: noStore });
  const queue = SCHEDULED_QUEUES.find((q) => q.name === input.data.queue)!;
  const id = await enqueueJob(queue, {});
  return Response.json({ id }, { headers: noStore });
}
