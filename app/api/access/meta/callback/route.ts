import { getDb } from "@/db/client";
import { finishCallback } from "@/lib/oauth/callback";

export const dynamic = "force-dynamic";

/** Facebook returns a client here from an agency's access link (no sign-in): the `agency_access` purpose (lib/agency/authorize.ts). */
export async function GET(request: Request): Promise<Response> {
  return finishCallback(getDb(), { request, platform: "facebook", caller: null, purposes: ["agency_access"] });
}
