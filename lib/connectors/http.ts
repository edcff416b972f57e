import "server-only";
import { z } from "zod";
import { getDb, type DbOrTx } from "@/db/client";
import { apiJson, route } from "@/lib/api/route";
import type { TApiCaller } from "@/lib/api-keys";
import { HttpError } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { ProviderError } from "@/lib/providers/types";
import { executeAction } from "./entities";
import { ApiError, errorResponse, fromHttpError, fromProviderError } from "./errors";
import { finishCallback } from "@/lib/oauth/callback";
import { CONNECTOR_OAUTH_PLATFORM, CONNECTOR_OAUTH_PURPOSE, initiateOAuth, startConsent } from "./oauth";
import { openApiDocument } from "./openapi";
import { ZCreateConnector, ZExecuteRequest, ZListConnectorsQuery, ZOAuthInitiate, ZUpdateConnector } from "./schemas";
import { connectorCall, createConnector, deleteConnector, getConnectorRow, listConnectors, toDto, updateConnector } from "./service";

/**
 * The connector API's route handlers, built with the one route helper (lib/api/route.ts,
 * `auth: "apiKey"`): the Next route files under app/api/v1 re-export these.
 */

const log = childLogger({ module: "connector-api" });

/** Maps anything a connector step throws to the API's error response; unexpected errors are logged, never shown. */
export function toErrorResponse(err: unknown): Response {
  if (err instanceof ApiError) return errorResponse(err);
  if (err instanceof ProviderError) return errorResponse(fromProviderError(err));
  if (err instanceof HttpError) return errorResponse(fromHttpError(err));
  throw err; // the route helper logs it and answers `internal`
}

async function run(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    return toErrorResponse(err);
  }
}

const callerOf = (who: { apiKey: { id: string; organizationId: string } }): TApiCaller => ({ apiKeyId: who.apiKey.id, organizationId: who.apiKey.organizationId });
const idOf = (params: Record<string, string | string[]>) => String(params.id ?? "");

/** Runs one execute request for a caller (REST and MCP share it). */
export async function executeForCaller(db: DbOrTx, caller: TApiCaller, connectorId: string, body: z.output<typeof ZExecuteRequest>) {
  const row = await getConnectorRow(db, caller.organizationId, connectorId);
  log.info({ connectorId: row.id, entity: body.entity.slice(0, 64), action: body.action.slice(0, 32) }, "connector execute");
  return executeAction(
    {
      db,
      call: connectorCall(row),
      connector: { id: row.id, organizationId: row.organizationId, accountIds: row.accountIds, allowWrites: row.allowWrites, scopes: row.scopes },
      apiKeyId: caller.apiKeyId,
    },
    body.entity,
    body.action,
    body.params,
  );
}

export const createConnectorRoute = route({ auth: "apiKey", schema: ZCreateConnector }, (input, who) =>
  run(async () => apiJson(await createConnector(getDb(), who.apiKey.organizationId, input), 201)),
);

export const listConnectorsRoute = route({ auth: "apiKey", schema: ZListConnectorsQuery }, (input, who) =>
  run(async () => apiJson({ data: await listConnectors(getDb(), who.apiKey.organizationId, input.external_user_id) })),
);

export const getConnectorRoute = route({ auth: "apiKey" }, (_input, who, { params }) => run(async () => apiJson(toDto(await getConnectorRow(getDb(), who.apiKey.organizationId, idOf(params))))));

export const updateConnectorRoute = route({ auth: "apiKey", schema: ZUpdateConnector }, (input, who, { params }) =>
  run(async () => apiJson(await updateConnector(getDb(), who.apiKey.organizationId, idOf(params), input))),
);

export const deleteConnectorRoute = route({ auth: "apiKey" }, (_input, who, { params }) =>
  run(async () => {
    await deleteConnector(getDb(), who.apiKey.organizationId, idOf(params));
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  }),
);

export const executeRoute = route({ auth: "apiKey", schema: ZExecuteRequest }, (input, who, { params }) =>
  run(async () => apiJson(await executeForCaller(getDb(), callerOf(who), idOf(params), input))),
);

export const initiateOAuthRoute = route({ auth: "apiKey", schema: ZOAuthInitiate }, (input, who) => run(async () => apiJson(await initiateOAuth(getDb(), who.apiKey.organizationId, input))));

/** The consent link the end user opens, and Facebook's callback: public, rate-limited per address. */
const OAUTH_LIMIT = { scope: "connector-oauth", limit: 60, windowMs: 60_000 };
const ZAnyQuery = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export const consentRoute = route({ auth: "public", schema: ZAnyQuery, rateLimit: OAUTH_LIMIT }, (_input, _who, { request }) => startConsent(getDb(), request));
/** Facebook's callback: the one pipeline with the connector_oauth purpose (a 303 to redirect_url?secret_id=… or ?error=…). */
export const callbackRoute = route({ auth: "public", schema: ZAnyQuery, rateLimit: OAUTH_LIMIT }, (_input, _who, { request }) =>
  finishCallback(getDb(), { request, platform: CONNECTOR_OAUTH_PLATFORM, caller: null, purposes: [CONNECTOR_OAUTH_PURPOSE] }),
);

export const openApiRoute = route({ auth: "public", schema: ZAnyQuery }, async () => apiJson(openApiDocument()));
