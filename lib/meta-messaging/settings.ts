import "server-only";
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { organizationMetaSettings, users, type TOrganizationMetaSettings } from "@/db/schema";
import { decryptToken, encryptToken } from "@/lib/crypto";
import type { TMetaConnectionDto } from "./dto";

const TABLE = "organization_meta_settings";
const FIELD = "page_access_token";

export interface TChosenPage {
  pageId: string;
  name: string;
  pictureUrl: string | null;
  instagramBusinessAccountId: string | null;
  instagramUsername: string | null;
  /** Plain Page token (encrypted here before it is stored). */
  pageAccessToken: string;
  /** The Facebook user whose login gave the Page token, when known (Meta's deauthorize names them). */
  facebookUserId?: string | null;
}

/** Saves the organization's Page, replacing any earlier one (one row per organization). */
export async function saveMetaPage(db: DbOrTx, input: { organizationId: string; userId: string; page: TChosenPage }): Promise<TOrganizationMetaSettings> {
  const id = randomUUID();
  const { page } = input;
  const values = {
    id,
    organizationId: input.organizationId,
    facebookPageId: page.pageId,
    facebookPageName: page.name,
    facebookPagePictureUrl: page.pictureUrl,
    pageAccessToken: encryptToken(page.pageAccessToken, { table: TABLE, id, field: FIELD }),
    instagramBusinessAccountId: page.instagramBusinessAccountId,
    instagramUsername: page.instagramUsername,
    tokenStatus: "active",
    webhookStatus: "pending",
    webhookError: null,
    webhookSubscribedAt: null,
    webhookCheckedAt: null,
    webhookCheckError: null,
    webhookResubscribedAt: null,
    connectedBy: input.userId,
    facebookUserId: page.facebookUserId ?? null,
  };
  // Reconnecting replaces the row. A new id (and so a new AAD) each time: the token is re-encrypted.
  const [row] = await db
    .insert(organizationMetaSettings)
    .values(values)
    .onConflictDoUpdate({
      target: organizationMetaSettings.organizationId,
      set: { ...values, connectedAt: sql`now()`, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}

export async function findMetaSettings(db: DbOrTx, organizationId: string): Promise<TOrganizationMetaSettings | null> {
  const [row] = await db.select().from(organizationMetaSettings).where(eq(organizationMetaSettings.organizationId, organizationId)).limit(1);
  return row ?? null;
}

/** The stored Page token of a settings row, decrypted. */
export function pageTokenOf(row: Pick<TOrganizationMetaSettings, "id" | "pageAccessToken">): string {
  return decryptToken(row.pageAccessToken, { table: TABLE, id: row.id, field: FIELD });
}

/** What the card and the API show: the connection without its token. */
export async function getMetaConnection(db: DbOrTx, organizationId: string): Promise<TMetaConnectionDto | null> {
  const [row] = await db
    .select({ s: organizationMetaSettings, connectedByName: sql<string | null>`coalesce(${users.name}, ${users.email})` })
    .from(organizationMetaSettings)
    .leftJoin(users, eq(users.id, organizationMetaSettings.connectedBy))
    .where(eq(organizationMetaSettings.organizationId, organizationId))
    .limit(1);
  if (!row) return null;
  const s = row.s;
  return {
    facebookPageId: s.facebookPageId,
    facebookPageName: s.facebookPageName,
    facebookPagePictureUrl: s.facebookPagePictureUrl,
    instagramBusinessAccountId: s.instagramBusinessAccountId,
    instagramUsername: s.instagramUsername,
    tokenStatus: s.tokenStatus === "needs_reconnect" ? "needs_reconnect" : "active",
    webhookStatus: s.webhookStatus === "subscribed" ? "subscribed" : s.webhookStatus === "failed" ? "failed" : "pending",
    webhookError: s.webhookError,
    webhookSubscribedAt: s.webhookSubscribedAt?.toISOString() ?? null,
    webhookCheckedAt: s.webhookCheckedAt?.toISOString() ?? null,
    webhookCheckError: s.webhookCheckError,
    webhookResubscribedAt: s.webhookResubscribedAt?.toISOString() ?? null,
    lastEventAt: s.lastEventAt?.toISOString() ?? null,
    connectedAt: s.connectedAt.toISOString(),
    connectedByName: row.connectedByName,
  };
}

export async function setWebhookStatus(
  db: DbOrTx,
  id: string,
  status: { ok: true } | { ok: false; error: string; tokenDead?: boolean },
): Promise<void> {
  await db
    .update(organizationMetaSettings)
    .set(
      status.ok
        ? { webhookStatus: "subscribed", webhookError: null, webhookSubscribedAt: sql`now()`, tokenStatus: "active", updatedAt: sql`now()` }
        : { webhookStatus: "failed", webhookError: status.error.slice(0, 500), ...(status.tokenDead ? { tokenStatus: "needs_reconnect" } : {}), updatedAt: sql`now()` },
    )
    .where(eq(organizationMetaSettings.id, id));
}
