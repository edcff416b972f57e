import { executeRoute } from "@/lib/connectors/http";

export const dynamic = "force-dynamic";

export const POST = executeRoute;
