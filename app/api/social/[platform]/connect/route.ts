import { getDb } from "@/db/client";
import { startConnect } from "@/lib/connections/oauth-routes";
import { currentConnectSession } from "@/lib/connections/session";

export const dynamic = "force-dynamic";

/** Starts connecting a platform: `?target=personal|company&returnTo=/connections&reconnect=<id>`. */
export async function GET(request: Request, { params }: { params: Promise<{ platform: string }> }) {
  const { platform } = await params;
  return startConnect(getDb(), request, await currentConnectSession(), platform);
}
