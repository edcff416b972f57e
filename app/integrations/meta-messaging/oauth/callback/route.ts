import { getDb } from "@/db/client";
import { finishCallback } from "@/lib/oauth/callback";
import { getOrgContext } from "@/lib/orgs/current";

export const dynamic = "force-dynamic";

/** Facebook sends the browser back here: the `meta_messaging` purpose (lib/meta-messaging/callback.ts). */
export async function GET(request: Request): Promise<Response> {
  const ctx = await getOrgContext();
  const caller = ctx ? { userId: ctx.user.id, organizationId: ctx.org.organizationId, role: ctx.org.role } : null;
  return finishCallback(getDb(), { request, platform: "facebook", caller, purposes: ["meta_messaging"] });
}
