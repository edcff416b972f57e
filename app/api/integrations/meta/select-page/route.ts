import { route } from "@/lib/api/route";
import { META_API_RATE_LIMIT, selectMetaPage } from "@/lib/meta-messaging";

export const dynamic = "force-dynamic";

/** Saves the picked Page for the organization and subscribes its webhooks (`{pageId, organizationId?}`). */
export const POST = route.operation(selectMetaPage, { rateLimit: META_API_RATE_LIMIT });
