import "server-only";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/db/client";
import { route } from "@/lib/api/route";
import { HttpError } from "@/lib/http";
import { childLogger } from "@/lib/log";
import type { TApiCaller } from "@/lib/api-keys";
import { ProviderError } from "@/lib/providers/types";
import { describeEntities } from "./entities";
import { ApiError, fromHttpError, fromProviderError } from "./errors";
import { executeForCaller } from "./http";
import { listConnectors } from "./service";

/**
 * `POST /api/mcp`: the connector API as MCP tools (Streamable HTTP, stateless, JSON responses),
 * authenticated by the same API keys: list_connectors, describe_entities, execute.
 */

const log = childLogger({ module: "mcp" });
const text = (value: unknown) => ({ content: [{ type: "text" as const, text: JSON.stringify(value) }] });

function toolError(err: unknown) {
  const e =
    err instanceof ApiError ? err : err instanceof ProviderError ? fromProviderError(err) : err instanceof HttpError ? fromHttpError(err) : new ApiError("internal", "Something went wrong on our side.");
  if (e.code === "internal") log.error({ err }, "mcp tool failed");
  return { ...text({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } }), isError: true };
}

function server(db: DbOrTx, caller: TApiCaller): McpServer {
  const mcp = new McpServer({ name: "switchboard-connectors", version: "1.0.0" });
  mcp.registerTool(
    "list_connectors",
    {
      description: "List this organization's Facebook-Marketing connectors (optionally of one external user).",
      inputSchema: { external_user_id: z.string().max(200).optional() },
    },
    async (args) => {
      try {
        return text({ data: await listConnectors(db, caller.organizationId, args.external_user_id) });
      } catch (err) {
        return toolError(err);
      }
    },
  );
  mcp.registerTool(
    "describe_entities",
    { description: "Every entity and action execute accepts, with each action's params as JSON Schema.", inputSchema: {} },
    async () => text({ entities: describeEntities() }),
  );
  mcp.registerTool(
    "execute",
    {
      description: "Run one action on a connector: {connector_id, entity, action, params} → {data, next_cursor}. See describe_entities for entities, actions and params.",
      inputSchema: {
        connector_id: z.string().max(64),
        entity: z.string().max(64),
        action: z.string().max(32),
        params: z.record(z.string(), z.unknown()).optional(),
      },
    },
    async (args) => {
      try {
        return text(await executeForCaller(db, caller, args.connector_id, { entity: args.entity, action: args.action, params: args.params ?? {} }));
      } catch (err) {
        return toolError(err);
      }
    },
  );
  return mcp;
}

/** POST /api/mcp: one stateless MCP server per request, the body already parsed by the route helper. */
export const mcpRoute = route({ auth: "apiKey", schema: z.unknown() }, async (body, who, { request }) => {
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  const mcp = server(getDb(), { apiKeyId: who.apiKey.id, organizationId: who.apiKey.organizationId });
  await mcp.connect(transport);
  const res = await transport.handleRequest(request, { parsedBody: body });
  // The JSON response is complete: the per-request server can go.
  void mcp.close();
  return res;
});
