import { dataDeletionRoute } from "@/lib/meta-callbacks/routes";

export const dynamic = "force-dynamic";

/** Facebook Login's "Data deletion request URL" (signed with FACEBOOK_APP_SECRET). */
export const POST = dataDeletionRoute("facebook");
