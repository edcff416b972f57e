import { deleteConnectorRoute, getConnectorRoute, updateConnectorRoute } from "@/lib/connectors/http";

export const dynamic = "force-dynamic";

export const GET = getConnectorRoute;
export const PATCH = updateConnectorRoute;
export const DELETE = deleteConnectorRoute;
