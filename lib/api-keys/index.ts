import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { apiAllowedOrigins, apiKeys } from "@/db/schema";
import { rateLimit, rateLimitHeaders, rateLimitKey, retryAfterMessage } from "@/lib/rate-limit";

/**
 * API keys for the headless connector API: `sk_live_<43 base64url chars>`, shown once, stored
 * as SHA-256; a request's `Authorization: Bearer <key>` names its organization. Per-key rate
 * limit (A5) with 429 and Retry-After.
 */

export const API_KEY_PREFIX = "sk_live_";
/** Characters of the key kept visible in lists (`sk_live_ab12cd34…`). */
const VISIBLE = API_KEY_PREFIX.length + 8;
/** Requests per key per minute. */
export const API_KEY_RATE_LIMIT = { limit: 120, windowMs: 60_000 };
/** Requests with a missing, wrong or revoked key per client address per minute. */
export const API_KEY_FAILURE_LIMIT = { limit: 30, windowMs: 60_000 };

export const ZCreateApiKeyInput = z.object({ name: z.string().trim().min(1, "Give the key a name.").max(80, "Use at most 80 characters.") });
export type TCreateApiKeyInput = z.infer<typeof ZCreateApiKeyInput>;

export interface TApiKeySummary {
  id: string;
  name: string;
  /** `sk_live_ab12cd34` — never the whole key. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const hashKey = (key: string) => createHash("sha256").update(key, "utf8").digest("hex");

function summary(row: typeof apiKeys.$inferSelect): TApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a key; the returned `key` is the only time it exists in clear. */
export async function createApiKey(db: DbOrTx, input: TCreateApiKeyInput & { organizationId: string; userId: string | null }): Promise<TApiKeySummary & { key: string }> {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(apiKeys)
    .values({ organizationId: input.organizationId, name: input.name, prefix: key.slice(0, VISIBLE), keyHash: hashKey(key), createdBy: input.userId })
    .returning();
  return { ...summary(row!), key };
}

/** The organization's keys, newest first (revoked ones too, marked). */
export async function listApiKeys(db: DbOrTx, organizationId: string): Promise<TApiKeySummary[]> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.organizationId, organizationId)).orderBy(desc(apiKeys.createdAt));
  return rows.map(summary);
}

/** Revokes one of the organization's keys; false when it is not theirs or already revoked. */
export async function revokeApiKey(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

export interface TApiCaller {
  apiKeyId: string;
  organizationId: string;
}

export type ApiKeyAuth = { ok: true; caller: TApiCaller; headers: Record<string, string> } | { ok: false; status: 401 | 429; code: "unauthorized" | "rate_limited"; message: string; headers: Record<string, string> };

/** What a 401 for a missing or wrong key asks for (RFC 6750 §3): a bearer token. */
export const API_KEY_CHALLENGE = 'Bearer realm="switchboard"';

/** The bearer key of a request, if it looks like one of ours. */
export function bearerKey(headers: Headers): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return m?.[1]?.startsWith(API_KEY_PREFIX) && m[1].length <= 200 ? m[1] : null;
}

/**
 * Authenticates `Authorization: Bearer sk_live_…`: an unknown or revoked key is 401; past the
 * key's rate limit, 429 with Retry-After. Records the key's last use.
 */
export async function authenticateApiKey(db: DbOrTx, headers: Headers): Promise<ApiKeyAuth> {
  const key = bearerKey(headers);
  const unauthorized = { ok: false as const, status: 401 as const, code: "unauthorized" as const, headers: { "WWW-Authenticate": API_KEY_CHALLENGE } };
  if (!key) return { ...unauthorized, message: "Send an API key: Authorization: Bearer sk_live_…" };
  const [row] = await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.keyHash, hashKey(key)), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, organizationId: apiKeys.organizationId });
  if (!row) return { ...unauthorized, message: "This API key is not valid or was revoked." };
  const limit = await rateLimit(db, { key: rateLimitKey.apiKey("api", row.id), ...API_KEY_RATE_LIMIT });
  const headersOut = rateLimitHeaders(limit);
  if (!limit.ok) return { ok: false, status: 429, code: "rate_limited", message: retryAfterMessage(limit.retryAfterSeconds), headers: headersOut };
  return { ok: true, caller: { apiKeyId: row.id, organizationId: row.organizationId }, headers: headersOut };
}

/** `https://host[:port]` or `http://localhost[:port]` / `http://127.0.0.1[:port]`, normalised; null otherwise. */
export function normalizeOrigin(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  const local = u.hostname === "localhost" || u.hostname === "127.0.0.1" || u.hostname === "[::1]";
  if (u.protocol !== "https:" && !(u.protocol === "http:" && local)) return null;
  if (u.username || u.password) return null;
  return u.origin;
}

export async function listAllowedOrigins(db: DbOrTx, organizationId: string): Promise<string[]> {
  const rows = await db.select({ origin: apiAllowedOrigins.origin }).from(apiAllowedOrigins).where(eq(apiAllowedOrigins.organizationId, organizationId)).orderBy(apiAllowedOrigins.origin);
  return rows.map((r) => r.origin);
}

export async function addAllowedOrigin(db: DbOrTx, organizationId: string, origin: string): Promise<void> {
  await db.insert(apiAllowedOrigins).values({ organizationId, origin }).onConflictDoNothing();
}

export async function removeAllowedOrigin(db: DbOrTx, organizationId: string, origin: string): Promise<void> {
  await db.delete(apiAllowedOrigins).where(and(eq(apiAllowedOrigins.organizationId, organizationId), eq(apiAllowedOrigins.origin, origin)));
}
