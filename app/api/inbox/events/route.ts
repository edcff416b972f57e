import { getDb } from "@/db/client";
import { route } from "@/lib/api/route";
import { inboxVersion } from "@/lib/inbox/conversations";
import { subscribeInbox, type TInboxChange } from "@/lib/inbox/live";
import { liveEventStream } from "@/lib/live/stream";

export const dynamic = "force-dynamic";

/**
 * Server-Sent Events for the open Inbox: `change` whenever the organization's conversations or
 * messages change (at once for changes in this process, within 2 s for others). The page
 * refetches what it shows; when the stream fails it polls instead.
 */
export const GET = route({ auth: "session", role: "member" }, async (_input, who, { request }) => {
  const organizationId = who.organizationId;
  return liveEventStream<TInboxChange>(request.signal, {
    async start() {
      let version = await inboxVersion(getDb(), organizationId);
      return async () => {
        const v = await inboxVersion(getDb(), organizationId);
        if (v === version) return [];
        version = v;
        return [{ kind: "message" }];
      };
    },
    subscribe: (fn) => subscribeInbox(organizationId, fn),
    // A burst (a 15-entry delivery) is one notice.
    merge: ([first]) => ({ kind: first!.kind, conversationId: first!.conversationId ?? null }),
  });
});
