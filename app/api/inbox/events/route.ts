import { getDb } from "@/db/client";
import { route } from "@/lib/api/route";
import { inboxVersion } from "@/lib/inbox/conversations";
import { subscribeInbox } from "@/lib/inbox/live";

export const dynamic = "force-dynamic";

/** How often the stream also checks the database (changes made by workers in another process). */
const CHECK_MS = 2_000;
const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events for the open Inbox: `change` whenever the organization's conversations or
 * messages change (at once for changes in this process, within CHECK_MS for others). The page
 * refetches what it shows; when the stream fails it polls instead.
 */
export const GET = route({ auth: "session", role: "member" }, async (_input, who, { request }) => {
  const organizationId = who.organizationId;
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let version = await inboxVersion(getDb(), organizationId);
      const send = (chunk: string) => {
        if (!closed) controller.enqueue(encoder.encode(chunk));
      };
      let pending: ReturnType<typeof setTimeout> | null = null;
      const changed = (kind: string, conversationId?: string) => {
        // Coalesce bursts (a 15-entry delivery) into one notice.
        if (pending) return;
        pending = setTimeout(() => {
          pending = null;
          send(`event: change\ndata: ${JSON.stringify({ kind, conversationId: conversationId ?? null })}\n\n`);
        }, 30);
      };
      const unsubscribe = subscribeInbox(organizationId, (c) => changed(c.kind, c.conversationId));
      const check = setInterval(async () => {
        try {
          const v = await inboxVersion(getDb(), organizationId);
          if (v !== version) {
            version = v;
            changed("message");
          }
        } catch {
          // The next check tries again.
        }
      }, CHECK_MS);
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(check);
        clearInterval(heartbeat);
        if (pending) clearTimeout(pending);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      request.signal.addEventListener("abort", cleanup);
      send(`retry: 3000\nevent: ready\ndata: {}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" } });
});
