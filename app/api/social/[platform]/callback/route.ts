import { getDb } from "@/db/client";
import { finishConnect } from "@/lib/connections/oauth-routes";
import { currentConnectSession } from "@/lib/connections/session";

export const dynamic = "force-dynamic";

/** The provider sends the browser back here with `code` and `state` (or `error`). */
export async function GET(request: Request, { params }: { params: Promise<{ platform: string }> }) {
  const { platform } = await params;
  return finishConnect(getDb(), request, await currentConnectSession(), platform);
}
