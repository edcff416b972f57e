import { route } from "@/lib/api/route";
import { listConversationsOp } from "@/lib/inbox/operations";

export const dynamic = "force-dynamic";

/** The organization's conversations with the Inbox filters (`?channel=&unread=1&mine=1&status=done`) and the backfill progress. */
export const GET = route.operation(listConversationsOp);
