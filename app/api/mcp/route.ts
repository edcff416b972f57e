import { mcpRoute } from "@/lib/connectors/mcp";

export const dynamic = "force-dynamic";

/** MCP over Streamable HTTP (stateless, JSON responses): list_connectors, describe_entities, execute. */
export const POST = mcpRoute;
