import { route } from "@/lib/api/route";
import { disconnectMetaPage, META_API_RATE_LIMIT } from "@/lib/meta-messaging";

export const dynamic = "force-dynamic";

/** Unsubscribes the Page (best effort) and deletes only the organization's Meta settings row. */
export const POST = route.operation(disconnectMetaPage, { rateLimit: META_API_RATE_LIMIT });
