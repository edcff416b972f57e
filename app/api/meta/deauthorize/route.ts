import { deauthorizeRoute } from "@/lib/meta-callbacks/routes";

export const dynamic = "force-dynamic";

/** Facebook Login's "Deauthorize callback URL" (signed with FACEBOOK_APP_SECRET). */
export const POST = deauthorizeRoute("facebook");
