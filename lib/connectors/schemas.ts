import { z } from "zod";

/**
 * Request and response shapes of the connector API (Airbyte's hosted agent-connector API for
 * Facebook-Marketing is the contract). The same schemas validate requests and generate
 * `GET /api/v1/openapi.json`.
 */

export const CONNECTOR_TYPE = "Facebook-Marketing";
export const MAX_ACCOUNT_IDS = 50;

const ZExternalUserId = z.string().trim().min(1).max(200).meta({ description: "Your identifier for the end user this connector belongs to." });

/** One ad account id: digits with or without `act_`. */
const ZAccountId = z
  .string()
  .trim()
  .regex(/^(act_)?\d{1,20}$/, "An ad account id is digits, with or without act_ (act_123 or 123).");

/** `account_ids`: one id, a comma-separated list or an array; normalised to unique `act_<digits>`. */
export const ZAccountIds = z
  .union([z.string(), z.array(z.string()).min(1)])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(ZAccountId).min(1, "Give at least one ad account id.").max(MAX_ACCOUNT_IDS, `At most ${MAX_ACCOUNT_IDS} ad accounts per connector.`))
  .transform((ids) => [...new Set(ids.map((id) => (id.startsWith("act_") ? id : `act_${id}`)))])
  .meta({ description: "One ad account id, a comma-separated list or an array; with or without act_.", examples: ["act_123456789", "123,456", ["act_123", "456"]] });

export const ZReplicationConfig = z.object({ account_ids: ZAccountIds });

export const ZOAuthCredentials = z
  .object({
    access_token: z.string().trim().min(10).max(2048).meta({ description: "A Facebook user access token with ads_read." }),
    client_id: z.string().trim().regex(/^\d{1,32}$/, "client_id is your Meta app id (digits).").optional(),
    client_secret: z.string().trim().min(8).max(256).optional(),
  })
  .strict()
  .refine((c) => (c.client_id === undefined) === (c.client_secret === undefined), { message: "Give client_id and client_secret together, or neither.", path: ["client_secret"] })
  .meta({ id: "OAuthCredentials", description: "OAuth: a user token; with your app's client_id/client_secret a short-lived token is exchanged for a long-lived one." });

export const ZAccountKeyCredentials = z
  .object({ account_key: z.string().trim().min(10).max(2048).meta({ description: "A long-lived system-user access token." }) })
  .strict()
  .meta({ id: "AccountKeyCredentials" });

export const ZCredentials = z.union([ZOAuthCredentials, ZAccountKeyCredentials]);

export const ZCreateConnector = z
  .object({
    external_user_id: ZExternalUserId,
    connector_type: z.literal(CONNECTOR_TYPE),
    name: z.string().trim().min(1).max(200),
    credentials: ZCredentials.optional(),
    server_side_oauth_secret_id: z.string().trim().min(10).max(200).optional().meta({ description: "The secret_id server-side OAuth handed to your redirect_url (single use, 10 minutes)." }),
    replication_config: ZReplicationConfig,
    allow_writes: z.boolean().default(false).meta({ description: "Allow campaigns/ad_sets/ads update (also needs ads_management on the token)." }),
  })
  .refine((b) => (b.credentials === undefined) !== (b.server_side_oauth_secret_id === undefined), {
    message: "Give either credentials or server_side_oauth_secret_id.",
    path: ["credentials"],
  })
  .meta({ id: "CreateConnectorRequest" });
export type TCreateConnector = z.output<typeof ZCreateConnector>;

export const ZUpdateConnector = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    credentials: ZCredentials.optional(),
    replication_config: ZReplicationConfig.optional(),
    allow_writes: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: "Nothing to change: give name, credentials, replication_config or allow_writes." })
  .meta({ id: "UpdateConnectorRequest" });
export type TUpdateConnector = z.output<typeof ZUpdateConnector>;

export const ZListConnectorsQuery = z.object({ external_user_id: ZExternalUserId.optional() });

export const ZConnector = z
  .object({
    id: z.uuid(),
    name: z.string(),
    connector_type: z.literal(CONNECTOR_TYPE),
    external_user_id: z.string(),
    credential_kind: z.enum(["oauth", "account_key", "server_side_oauth"]),
    replication_config: z.object({ account_ids: z.array(z.string()) }),
    allow_writes: z.boolean(),
    scopes: z.array(z.string()),
    token_expires_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "Connector", description: "A connector. Never contains a token or secret." });
export type TConnectorDto = z.infer<typeof ZConnector>;

export const ZConnectorList = z.object({ data: z.array(ZConnector) }).meta({ id: "ConnectorList" });

export const ZOAuthInitiate = z
  .object({
    external_user_id: ZExternalUserId,
    connector_type: z.literal(CONNECTOR_TYPE),
    redirect_url: z.string().trim().max(2000).meta({ description: "https (or http://localhost) on an origin allowed in Settings → API keys." }),
  })
  .meta({ id: "OAuthInitiateRequest" });

export const ZOAuthInitiateResponse = z.object({ consent_url: z.url() }).meta({ id: "OAuthInitiateResponse" });

export const ZExecuteRequest = z
  .object({
    entity: z.string().min(1).max(64),
    action: z.string().min(1).max(32),
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({ id: "ExecuteRequest" });

export const ZExecuteResponse = z
  .object({ data: z.unknown(), next_cursor: z.string().nullable() })
  .meta({ id: "ExecuteResponse", description: "`data` is a record (get, update) or a list; `next_cursor` goes back as params.after." });

export const ZErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(["unauthorized", "forbidden", "not_found", "validation_failed", "rate_limited", "provider_auth_failed", "provider_rate_limited", "provider_error", "not_configured", "internal"]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: "Error" });
