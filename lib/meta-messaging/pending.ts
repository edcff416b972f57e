import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { metaPendingPages, type TMetaPendingPage } from "@/db/schema";
import { decryptToken, encryptToken } from "@/lib/crypto";
import type { FacebookPage } from "@/lib/providers/facebook/transform";
import { PENDING_PAGES_TTL_SECONDS } from "./constants";
import type { TPendingPagesDto } from "./dto";
import type { TChosenPage } from "./settings";

const TABLE = "meta_pending_pages";
const FIELD = "page_access_token";
// The database's clock decides expiry, so every app instance agrees.
const notExpired = sql`${metaPendingPages.expiresAt} > now()`;

/** Keeps the Pages of one authorization for the pick (replacing this person's earlier list), tokens encrypted. */
export async function storePendingPages(
  db: DbOrTx,
  input: { organizationId: string; userId: string; pages: readonly FacebookPage[]; facebookUserId?: string | null },
): Promise<void> {
  const expiresAt = sql`now() + make_interval(secs => ${PENDING_PAGES_TTL_SECONDS})`;
  const rows = input.pages.map((p, position) => {
    const id = randomUUID();
    return {
      id,
      organizationId: input.organizationId,
      userId: input.userId,
      pageId: p.id,
      pageName: p.name,
      pictureUrl: p.pictureUrl,
      instagramBusinessAccountId: p.instagram?.id ?? null,
      instagramUsername: p.instagram?.username ?? null,
      pageAccessToken: encryptToken(p.accessToken, { table: TABLE, id, field: FIELD }),
      facebookUserId: input.facebookUserId ?? null,
      position,
      expiresAt,
    };
  });
  await db.transaction(async (tx) => {
    await tx.delete(metaPendingPages).where(and(eq(metaPendingPages.organizationId, input.organizationId), eq(metaPendingPages.userId, input.userId)));
    // Old lists of anyone: expired rows are useless.
    await tx.delete(metaPendingPages).where(lt(metaPendingPages.expiresAt, sql`now() - interval '1 hour'`));
    if (rows.length) await tx.insert(metaPendingPages).values(rows);
  });
}

/** The Pages waiting for this person's pick in this organization: ready, expired, or none. */
export async function listPendingPages(db: DbOrTx, organizationId: string, userId: string): Promise<TPendingPagesDto> {
  const rows = await db
    .select({
      pageId: metaPendingPages.pageId,
      name: metaPendingPages.pageName,
      pictureUrl: metaPendingPages.pictureUrl,
      instagramUsername: metaPendingPages.instagramUsername,
      expiresAt: metaPendingPages.expiresAt,
      live: sql<boolean>`${notExpired}`,
    })
    .from(metaPendingPages)
    .where(and(eq(metaPendingPages.organizationId, organizationId), eq(metaPendingPages.userId, userId)))
    .orderBy(asc(metaPendingPages.position));
  if (rows.length === 0) return { status: "none" };
  if (!rows.every((r) => r.live)) return { status: "expired" };
  return {
    status: "ready",
    expiresAt: rows[0]!.expiresAt.toISOString(),
    pages: rows.map(({ pageId, name, pictureUrl, instagramUsername }) => ({ pageId, name, pictureUrl, instagramUsername })),
  };
}

export type TTakePending = { ok: true; page: TChosenPage } | { ok: false; code: "selection_expired" | "not_found" };

/**
 * Takes the chosen Page out of this person's pending list and discards the rest, atomically
 * (DELETE … RETURNING): a double submit saves once. Expired lists answer `selection_expired`.
 */
export async function takePendingPage(db: DbOrTx, input: { organizationId: string; userId: string; pageId: string }): Promise<TTakePending> {
  const mine = and(eq(metaPendingPages.organizationId, input.organizationId), eq(metaPendingPages.userId, input.userId));
  // Only a list that contains the chosen Page is consumed: a wrong id leaves the person's list alone.
  const containsChoice = sql`exists (select 1 from meta_pending_pages p2 where p2.organization_id = ${input.organizationId}
    and p2.user_id = ${input.userId} and p2.page_id = ${input.pageId})`;
  const deleted: Array<TMetaPendingPage & { live: boolean }> = await db
    .delete(metaPendingPages)
    .where(and(mine, containsChoice))
    .returning({ ...getColumns(), live: sql<boolean>`${notExpired}` });
  const chosen = deleted.find((r) => r.pageId === input.pageId);
  if (!chosen) return { ok: false, code: "not_found" };
  if (!chosen.live) return { ok: false, code: "selection_expired" };
  return {
    ok: true,
    page: {
      pageId: chosen.pageId,
      name: chosen.pageName,
      pictureUrl: chosen.pictureUrl,
      instagramBusinessAccountId: chosen.instagramBusinessAccountId,
      instagramUsername: chosen.instagramUsername,
      pageAccessToken: decryptToken(chosen.pageAccessToken, { table: TABLE, id: chosen.id, field: FIELD }),
      facebookUserId: chosen.facebookUserId,
    },
  };
}

function getColumns() {
  const t = metaPendingPages;
  return {
    id: t.id,
    organizationId: t.organizationId,
    userId: t.userId,
    pageId: t.pageId,
    pageName: t.pageName,
    pictureUrl: t.pictureUrl,
    instagramBusinessAccountId: t.instagramBusinessAccountId,
    instagramUsername: t.instagramUsername,
    pageAccessToken: t.pageAccessToken,
    facebookUserId: t.facebookUserId,
    position: t.position,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
  };
}
