import { getDb } from "@/db/client";
import { finishCallback } from "@/lib/oauth/callback";
import { instagramLoginProvider } from "@/lib/providers/instagram_login/provider";

export const dynamic = "force-dynamic";

/**
 * Instagram's redirect after "Continue with Instagram" or "Link Instagram": the
 * `instagram_sign_in` purpose (lib/instagram-sign-in/callback.ts).
 */
export async function GET(request: Request): Promise<Response> {
  return finishCallback(getDb(), { request, platform: instagramLoginProvider.catalog.platform, caller: null, purposes: ["instagram_sign_in"] });
}
