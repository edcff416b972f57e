import { callbackRoute } from "@/lib/connectors/http";

export const dynamic = "force-dynamic";

export const GET = callbackRoute;
