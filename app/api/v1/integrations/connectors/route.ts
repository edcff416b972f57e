import { createConnectorRoute, listConnectorsRoute } from "@/lib/connectors/http";

export const dynamic = "force-dynamic";

export const POST = createConnectorRoute;
export const GET = listConnectorsRoute;
