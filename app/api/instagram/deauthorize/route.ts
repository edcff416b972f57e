import { deauthorizeRoute } from "@/lib/meta-callbacks/routes";

export const dynamic = "force-dynamic";

/** Instagram Login's "Deauthorize callback URL" (signed with INSTAGRAM_APP_SECRET). */
export const POST = deauthorizeRoute("instagram_login");
