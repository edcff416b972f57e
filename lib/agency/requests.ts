import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { accessRequests, clientConnections, type TAccessRequest, type TClientConnection, type TSharedAsset } from "@/db/schema";
import { decryptToken, encryptToken } from "@/lib/crypto";
import { env } from "@/lib/env";

/**
 * Agency access requests (Clients page): an agency asks a client for their Meta assets with one
 * link `/access/<token>`. The token has 256 random bits, is shown to the agency and kept only as
 * its SHA-256; a request can be revoked or lapse at its link expiry.
 */

/** Days before the client's token lapses from which a request reads "expiring in N days". */
export const EXPIRY_WARNING_DAYS = 10;
const DAY_MS = 86_400_000;

export const ZCreateAccessRequestInput = z.object({
  clientName: z.string().trim().min(1, "Give the client's name.").max(120, "Use at most 120 characters."),
  clientEmail: z
    .union([z.literal(""), z.email("Enter a valid email address, or leave it empty.").max(254)])
    .optional()
    .transform((v) => (v ? v.toLowerCase() : null)),
  note: z
    .string()
    .trim()
    .max(1000, "Keep the note under 1000 characters.")
    .optional()
    .transform((v) => v || null),
  /** Days until the link stops working; empty = until revoked. */
  expiresInDays: z
    .union([z.literal(""), z.coerce.number().int("Use whole days.").min(1, "Use 1 to 90 days.").max(90, "Use 1 to 90 days.")])
    .optional()
    .transform((v) => (typeof v === "number" ? v : null)),
});
export type TCreateAccessRequestInput = z.infer<typeof ZCreateAccessRequestInput>;

export type TAccessRequestState =
  | { kind: "not_opened" }
  | { kind: "opened" }
  | { kind: "authorized" }
  | { kind: "assets_shared" }
  | { kind: "expiring"; days: number }
  | { kind: "expired" }
  | { kind: "revoked" };

export interface TAccessRequestSummary {
  id: string;
  clientName: string;
  clientEmail: string | null;
  note: string | null;
  createdAt: string;
  linkExpiresAt: string | null;
  openedAt: string | null;
  revokedAt: string | null;
  connectionId: string | null;
  tokenExpiresAt: string | null;
  state: TAccessRequestState;
}

export const hashAccessToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

const linkTokenAad = (id: string) => ({ table: "access_requests", id, field: "link_token" }) as const;

/** The request's link again (for "Copy re-authorization link"); null for a revoked request. */
export function accessLinkOfRequest(request: TAccessRequest): string | null {
  if (request.revokedAt || !request.linkToken) return null;
  return accessLinkOf(decryptToken(request.linkToken, linkTokenAad(request.id)));
}

/** The public link of a token. */
export const accessLinkOf = (token: string) => new URL(`/access/${token}`, env().APP_URL).toString();

/** A request's state for the agency's list, as of `now`. */
export function accessRequestState(request: TAccessRequest, connection: TClientConnection | null, now: Date = new Date()): TAccessRequestState {
  if (request.revokedAt) return { kind: "revoked" };
  if (connection) {
    const expires = connection.tokenExpiresAt?.getTime();
    if (connection.expiredAt || (expires !== undefined && expires <= now.getTime())) return { kind: "expired" };
    if (expires !== undefined && expires - now.getTime() <= EXPIRY_WARNING_DAYS * DAY_MS) {
      return { kind: "expiring", days: Math.ceil((expires - now.getTime()) / DAY_MS) };
    }
    return connection.assetsSharedAt ? { kind: "assets_shared" } : { kind: "authorized" };
  }
  if (request.linkExpiresAt && request.linkExpiresAt.getTime() <= now.getTime()) return { kind: "expired" };
  return request.openedAt ? { kind: "opened" } : { kind: "not_opened" };
}

function summary(row: TAccessRequest, connection: TClientConnection | null, now: Date): TAccessRequestSummary {
  return {
    id: row.id,
    clientName: row.clientName,
    clientEmail: row.clientEmail,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    linkExpiresAt: row.linkExpiresAt?.toISOString() ?? null,
    openedAt: row.openedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    connectionId: connection?.id ?? null,
    tokenExpiresAt: connection?.tokenExpiresAt?.toISOString() ?? null,
    state: accessRequestState(row, connection, now),
  };
}

/** Creates a request; the returned `link` is the only time its token exists in clear. */
export async function createAccessRequest(
  db: DbOrTx,
  input: TCreateAccessRequestInput & { organizationId: string; userId: string | null },
  now: Date = new Date(),
): Promise<TAccessRequestSummary & { link: string }> {
  const token = randomBytes(32).toString("base64url");
  const id = randomUUID();
  const [row] = await db
    .insert(accessRequests)
    .values({
      id,
      linkToken: encryptToken(token, linkTokenAad(id)),
      organizationId: input.organizationId,
      clientName: input.clientName,
      clientEmail: input.clientEmail,
      note: input.note,
      tokenHash: hashAccessToken(token),
      linkExpiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
      createdBy: input.userId,
    })
    .returning();
  return { ...summary(row!, null, now), link: accessLinkOf(token) };
}

/** The organization's requests, newest first, each with its state. */
export async function listAccessRequests(db: DbOrTx, organizationId: string, now: Date = new Date()): Promise<TAccessRequestSummary[]> {
  const rows = await db
    .select({ request: accessRequests, connection: clientConnections })
    .from(accessRequests)
    .leftJoin(clientConnections, eq(clientConnections.accessRequestId, accessRequests.id))
    .where(eq(accessRequests.organizationId, organizationId))
    .orderBy(desc(accessRequests.createdAt));
  return rows.map((r) => summary(r.request, r.connection, now));
}

/** Revokes one of the organization's requests; false when it is not theirs or already revoked. */
export async function revokeAccessRequest(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(accessRequests)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(accessRequests.id, id), eq(accessRequests.organizationId, organizationId), isNull(accessRequests.revokedAt)))
    .returning({ id: accessRequests.id });
  return rows.length > 0;
}

/** Why a request's link no longer works (revoked, or past its link expiry), or null while it does. */
export function linkDeadReason(request: TAccessRequest, now: Date = new Date()): "revoked" | "expired" | null {
  if (request.revokedAt) return "revoked";
  if (request.linkExpiresAt && request.linkExpiresAt.getTime() <= now.getTime()) return "expired";
  return null;
}

export type TOpenedAccessRequest =
  | { ok: true; request: TAccessRequest; connection: TClientConnection | null }
  | { ok: false; reason: "unknown" | "revoked" | "expired" };

/**
 * The request behind a public link, for the client's wizard: unknown, revoked and lapsed links
 * are refused (the wizard shows a polite dead end). Records the first opening.
 */
export async function openAccessRequest(db: DbOrTx, token: string, now: Date = new Date()): Promise<TOpenedAccessRequest> {
  if (!/^[\w-]{43}$/.test(token)) return { ok: false, reason: "unknown" };
  const [row] = await db
    .select({ request: accessRequests, connection: clientConnections })
    .from(accessRequests)
    .leftJoin(clientConnections, eq(clientConnections.accessRequestId, accessRequests.id))
    .where(eq(accessRequests.tokenHash, hashAccessToken(token)));
  if (!row) return { ok: false, reason: "unknown" };
  const dead = linkDeadReason(row.request, now);
  if (dead) return { ok: false, reason: dead };
  if (!row.request.openedAt) {
    await db.update(accessRequests).set({ openedAt: now }).where(and(eq(accessRequests.id, row.request.id), isNull(accessRequests.openedAt)));
    row.request.openedAt = now;
  }
  return { ok: true, request: row.request, connection: row.connection };
}

/** One client as the agency's client view shows it: the request, its state and what was shared. */
export interface TClientView extends TAccessRequestSummary {
  metaUserName: string | null;
  authorizedAt: string | null;
  daysToExpiry: number | null;
  grantedScopes: string[];
  sharedAssets: TSharedAsset[];
}

/** The organization's request `id` with its connection; null when it is not theirs. */
export async function getClientView(db: DbOrTx, organizationId: string, id: string, now: Date = new Date()): Promise<TClientView | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await db
    .select({ request: accessRequests, connection: clientConnections })
    .from(accessRequests)
    .leftJoin(clientConnections, eq(clientConnections.accessRequestId, accessRequests.id))
    .where(and(eq(accessRequests.id, id), eq(accessRequests.organizationId, organizationId)));
  if (!row) return null;
  const c = row.connection;
  return {
    ...summary(row.request, c, now),
    metaUserName: c?.metaUserName ?? null,
    authorizedAt: c?.authorizedAt.toISOString() ?? null,
    daysToExpiry: c?.tokenExpiresAt ? Math.max(0, Math.ceil((c.tokenExpiresAt.getTime() - now.getTime()) / DAY_MS)) : null,
    grantedScopes: c?.grantedScopes ?? [],
    sharedAssets: c?.selectedAssets ?? [],
  };
}

/** The link of one of the organization's live requests again ("Copy re-authorization link"); null otherwise. */
export async function reauthorizationLink(db: DbOrTx, organizationId: string, id: string): Promise<string | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await db.select().from(accessRequests).where(and(eq(accessRequests.id, id), eq(accessRequests.organizationId, organizationId)));
  return row && !linkDeadReason(row) ? accessLinkOfRequest(row) : null;
}
