import { getDb } from "@/db/client";
import { route } from "@/lib/api/route";
import { liveEventStream } from "@/lib/live/stream";
import { postTargetChanges } from "@/lib/publishing/live";

export const dynamic = "force-dynamic";

/**
 * Server-Sent Events for the Posts and Compose pages: `change` with the targets of the caller's
 * organization that moved (queued → publishing → published | failed …), within a second of the
 * worker's write. The page reloads those posts; when the stream fails it polls instead.
 */
export const GET = route({ auth: "session", role: "member" }, async (_input, who, { request }) => {
  return liveEventStream(request.signal, postTargetChanges(getDb(), who.organizationId), { checkMs: 1_000 });
});
