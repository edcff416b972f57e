import { openApiRoute } from "@/lib/connectors/http";

export const dynamic = "force-dynamic";

export const GET = openApiRoute;
