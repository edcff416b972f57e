import { z } from "zod";
import { ENTITIES } from "./entities";
import { API_ERROR_STATUS } from "./errors";
import {
  ZConnector,
  ZConnectorList,
  ZCreateConnector,
  ZErrorResponse,
  ZExecuteResponse,
  ZOAuthInitiate,
  ZOAuthInitiateResponse,
  ZUpdateConnector,
} from "./schemas";

/**
 * `GET /api/v1/openapi.json`: OpenAPI 3.1 generated from the zod schemas that validate the
 * requests (zod's own `z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses).
 */

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: "input" | "output" = "input"): Json {
  const out = z.toJSONSchema(s, { io, target: "draft-2020-12", unrepresentable: "any", reused: "inline" }) as Json;
  delete out.$schema;
  delete out.id;
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (name: string) => ({ content: { "application/json": { schema: ref(name) } } });

function errors(...codes: Array<keyof typeof API_ERROR_STATUS>): Json {
  const out: Json = {};
  for (const code of codes) {
    const status = String(API_ERROR_STATUS[code]);
    const existing = out[status] as { description: string } | undefined;
    out[status] = { description: existing ? `${existing.description}, ${code}` : code, ...jsonBody("Error") };
  }
  return out;
}

/** One schema per entity × action: `{entity, action, params}` with that action's params. */
function executeVariants(): { schemas: Record<string, Json>; refs: Json[] } {
  const schemas: Record<string, Json> = {};
  const refs: Json[] = [];
  for (const [entity, e] of Object.entries(ENTITIES)) {
    for (const [action, a] of Object.entries(e.actions)) {
      const name = `Execute_${entity}_${action}`;
      schemas[name] = {
        type: "object",
        description: a.description + (a.write ? " (write)" : ""),
        required: ["entity", "action"],
        properties: { entity: { const: entity }, action: { const: action }, params: schemaOf(a.params) },
        additionalProperties: false,
      };
      refs.push(ref(name));
    }
  }
  return { schemas, refs };
}

export function openApiDocument(): Json {
  const exec = executeVariants();
  const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchboard connector API",
      version: "1.0.0",
      description:
        "Facebook-Marketing connectors for programs and AI agents, compatible with Airbyte's hosted agent-connector API. Authenticate with `Authorization: Bearer sk_live_…` (Settings → API keys). Errors are `{error:{code,message,details?}}`.",
    },
    servers: [{ url: "/" }],
    security: [{ apiKey: [] }],
    paths: {
      "/api/v1/integrations/connectors": {
        post: {
          operationId: "createConnector",
          summary: "Create a Facebook-Marketing connector (token checked with Meta first)",
          requestBody: { required: true, ...jsonBody("CreateConnectorRequest") },
          responses: { "201": { description: "Created", ...jsonBody("Connector") }, ...errors("validation_failed", "unauthorized", "provider_auth_failed", "provider_rate_limited", "provider_error", "rate_limited") },
        },
        get: {
          operationId: "listConnectors",
          summary: "List connectors, optionally of one external user",
          parameters: [{ name: "external_user_id", in: "query", required: false, schema: { type: "string" } }],
          responses: { "200": { description: "Connectors", ...jsonBody("ConnectorList") }, ...errors("unauthorized", "rate_limited") },
        },
      },
      "/api/v1/integrations/connectors/{id}": {
        parameters: [idParam],
        get: { operationId: "getConnector", summary: "One connector", responses: { "200": { description: "The connector", ...jsonBody("Connector") }, ...errors("unauthorized", "not_found") } },
        patch: {
          operationId: "updateConnector",
          summary: "Change name, account ids, credentials or allow_writes",
          requestBody: { required: true, ...jsonBody("UpdateConnectorRequest") },
          responses: { "200": { description: "Updated", ...jsonBody("Connector") }, ...errors("validation_failed", "unauthorized", "not_found", "provider_auth_failed") },
        },
        delete: { operationId: "deleteConnector", summary: "Delete a connector", responses: { "204": { description: "Deleted" }, ...errors("unauthorized", "not_found") } },
      },
      "/api/v1/integrations/connectors/{id}/execute": {
        parameters: [idParam],
        post: {
          operationId: "execute",
          summary: "Run one entity action: {entity, action, params} → {data, next_cursor}",
          requestBody: { required: true, content: { "application/json": { schema: { oneOf: exec.refs } } } },
          responses: {
            "200": { description: "Result", ...jsonBody("ExecuteResponse") },
            ...errors("validation_failed", "unauthorized", "forbidden", "not_found", "provider_auth_failed", "provider_rate_limited", "provider_error"),
          },
        },
      },
      "/api/v1/integrations/connectors/oauth/initiate": {
        post: {
          operationId: "initiateOAuth",
          summary: "Start server-side OAuth: the end user opens consent_url and lands on redirect_url?secret_id=…",
          requestBody: { required: true, ...jsonBody("OAuthInitiateRequest") },
          responses: { "200": { description: "The consent link (10 minutes)", ...jsonBody("OAuthInitiateResponse") }, ...errors("validation_failed", "unauthorized") },
        },
      },
      "/api/v1/openapi.json": { get: { operationId: "openapi", summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } } },
    },
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key from Settings → API keys (sk_live_…)." } },
      schemas: {
        CreateConnectorRequest: schemaOf(ZCreateConnector),
        UpdateConnectorRequest: schemaOf(ZUpdateConnector),
        Connector: schemaOf(ZConnector, "output"),
        ConnectorList: schemaOf(ZConnectorList, "output"),
        OAuthInitiateRequest: schemaOf(ZOAuthInitiate),
        OAuthInitiateResponse: schemaOf(ZOAuthInitiateResponse, "output"),
        ExecuteResponse: schemaOf(ZExecuteResponse, "output"),
        Error: schemaOf(ZErrorResponse, "output"),
        ...exec.schemas,
      },
    },
  };
}
