import { dataDeletionRoute } from "@/lib/meta-callbacks/routes";

export const dynamic = "force-dynamic";

/** Instagram Login's "Data deletion request URL" (signed with INSTAGRAM_APP_SECRET). */
export const POST = dataDeletionRoute("instagram_login");
