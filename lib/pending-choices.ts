import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pendingChoices, type TPendingChoice } from "@/db/schema";
import { decryptToken, encryptToken } from "@/lib/crypto";

/**
 * THE pending-choice store: what an authorization returned when the person has something to
 * pick, kept for minutes between the callback and the pick. One table (`pending_choices`), one
 * TTL rule, one encryption path:
 * - bound to the organization and its holder: the person who authorized or, for an agency's client
 *   (no account), the access link they authorized through — every read and take names both;
 * - `choices` is the public part a picker lists (names, pictures, never a token); the private
 *   part (`secret`, with the tokens) is encrypted under `pending_choices/<id>/payload`;
 * - expiry by the database clock, so every app instance agrees: `now() + TTL of its kind`;
 * - taken once (DELETE … RETURNING): a double submit saves once;
 * - swept by the `oauth-sweep` job an hour after expiry (until then a picker can say "expired"
 *   rather than "nothing to pick").
 * Users: the creator connect picker (`lib/connections/pending.ts`), the Messenger link's Page list
 * (`lib/meta-messaging/pending.ts`), the agency client's MetaAssetSelector (`lib/agency/choices.ts`).
 * A new picker adds its kind to the TTL table below.
 */

/** How long each kind waits for the pick, in seconds from its creation (database clock). */
export const PENDING_CHOICE_TTL_SECONDS = {
  /** The accounts of a creator connect (/connections/select/[id]). */
  connect: 10 * 60,
  /** The Pages of the organization's Messenger link (MetaPagePicker). */
  meta_page: 5 * 60,
  /** What an agency's client may share (MetaAssetSelector): an hour to go through their accounts. */
  agency_assets: 60 * 60,
} as const;

export type TPendingChoiceKind = keyof typeof PENDING_CHOICE_TTL_SECONDS;

/** Expired choices stay this long before the sweep removes them. */
const SWEEP_AFTER_EXPIRY = sql`interval '1 hour'`;

const payloadCtx = (id: string) => ({ table: "pending_choices", id, field: "payload" });
const isLive = sql<boolean>`${pendingChoices.expiresAt} > now()`;

/**
 * Whose choice it is: in the organization it was authorized for, the person who authorized or —
 * for an agency's client, who has no account — the access link they authorized through.
 */
export type TPendingOwner = { kind: TPendingChoiceKind; organizationId: string } & ({ userId: string; accessRequestId?: never } | { accessRequestId: string; userId?: never });

function holderOf(owner: TPendingOwner): { userId: string | null; accessRequestId: string | null } {
  if (owner.userId) return { userId: owner.userId, accessRequestId: null };
  if (owner.accessRequestId) return { userId: null, accessRequestId: owner.accessRequestId };
  throw new Error("A pending choice needs its holder: a user or an access request");
}

function ownedBy(owner: TPendingOwner, id?: string): SQL {
  const holder = holderOf(owner);
  return and(
    eq(pendingChoices.kind, owner.kind),
    holder.userId ? eq(pendingChoices.userId, holder.userId) : eq(pendingChoices.accessRequestId, holder.accessRequestId!),
    eq(pendingChoices.organizationId, owner.organizationId),
    id === undefined ? undefined : eq(pendingChoices.id, id),
  )!;
}

export type TCreatePendingChoice<TSecret> = TPendingOwner & {
  platform: string;
  choices: TPendingChoice[];
  /** The private part (tokens), stored encrypted; given back only by `takePendingChoice`. */
  secret: TSecret;
  returnTo?: string | null;
  /** The provider user whose login listed the choices (a Meta data-deletion request names them). */
  providerUserId?: string | null;
  /** Replaces this holder's earlier choices of this kind in this organization (one list per person or link). */
  replace?: boolean;
};

/** Keeps a choice for the pick; answers its id. */
export async function createPendingChoice<TSecret>(db: DbOrTx, { organizationId, ...input }: TCreatePendingChoice<TSecret>): Promise<string> {
  const owner = { ...input, organizationId } as TPendingOwner;
  const id = randomUUID();
  const row = {
    id,
    kind: input.kind,
    ...holderOf(owner),
    organizationId,
    platform: input.platform,
    choices: input.choices,
    payload: encryptToken(JSON.stringify(input.secret), payloadCtx(id)),
    returnTo: input.returnTo ?? null,
    providerUserId: input.providerUserId ?? null,
    expiresAt: sql`now() + make_interval(secs => ${PENDING_CHOICE_TTL_SECONDS[input.kind]})`,
  };
  if (!input.replace) {
    await db.insert(pendingChoices).values(row);
    return id;
  }
  await db.transaction(async (tx) => {
    await tx.delete(pendingChoices).where(ownedBy(owner));
    await tx.insert(pendingChoices).values(row);
  });
  return id;
}

/** What a picker shows: the public part, and whether it is still live. */
export interface TPendingChoiceView {
  id: string;
  platform: string;
  choices: TPendingChoice[];
  expiresAt: Date;
  live: boolean;
}

/** This holder's choice with that id (or their latest of this kind), live or expired; null when there is none. */
export async function findPendingChoice(db: DbOrTx, { id, organizationId, ...holder }: TPendingOwner & { id?: string }): Promise<TPendingChoiceView | null> {
  const [row] = await db
    .select({ id: pendingChoices.id, platform: pendingChoices.platform, choices: pendingChoices.choices, expiresAt: pendingChoices.expiresAt, live: isLive })
    .from(pendingChoices)
    .where(ownedBy({ ...holder, organizationId } as TPendingOwner, id))
    .orderBy(desc(pendingChoices.createdAt))
    .limit(1);
  return row ?? null;
}

export interface TTakenChoice<TSecret> {
  id: string;
  platform: string;
  choices: TPendingChoice[];
  returnTo: string | null;
  providerUserId: string | null;
  /** The decrypted private part, as it was stored. */
  secret: TSecret;
  /** False when it had expired: the caller answers `selection_expired` and uses nothing. */
  live: boolean;
}

/**
 * Takes this holder's choice once (DELETE … RETURNING): the one with `id`, or (without) their
 * latest of this kind. With `choiceId`, only a choice that offers it is taken — a wrong id leaves
 * the person's list alone. Null when there is nothing to take.
 */
export async function takePendingChoice<TSecret>(
  db: DbOrTx,
  { id, choiceId, organizationId, ...holder }: TPendingOwner & { id?: string; choiceId?: string },
): Promise<TTakenChoice<TSecret> | null> {
  const offers = choiceId === undefined ? undefined : sql`${pendingChoices.choices} @> ${JSON.stringify([{ id: choiceId }])}::jsonb`;
  const rows = await db
    .delete(pendingChoices)
    .where(and(ownedBy({ ...holder, organizationId } as TPendingOwner, id), offers))
    .returning({
      id: pendingChoices.id,
      platform: pendingChoices.platform,
      choices: pendingChoices.choices,
      payload: pendingChoices.payload,
      returnTo: pendingChoices.returnTo,
      providerUserId: pendingChoices.providerUserId,
      createdAt: pendingChoices.createdAt,
      live: isLive,
    });
  const row = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  if (!row) return null;
  const { payload, createdAt: _createdAt, ...rest } = row;
  return { ...rest, secret: JSON.parse(decryptToken(payload, payloadCtx(row.id))) as TSecret };
}

/** Removes the choices listed by this provider user's login (a data-deletion request); answers how many choices they held. */
export async function deletePendingChoicesOf(db: DbOrTx, input: { platforms: readonly string[]; providerUserId: string }): Promise<number> {
  const rows = await db
    .delete(pendingChoices)
    .where(and(inArray(pendingChoices.platform, [...input.platforms]), eq(pendingChoices.providerUserId, input.providerUserId)))
    .returning({ choices: pendingChoices.choices });
  return rows.reduce((n, r) => n + r.choices.length, 0);
}

/** The sweep: removes choices expired more than an hour ago. */
export async function prunePendingChoices(db: DbOrTx): Promise<number> {
  const rows = await db
    .delete(pendingChoices)
    .where(lt(pendingChoices.expiresAt, sql`now() - ${SWEEP_AFTER_EXPIRY}`))
    .returning({ id: pendingChoices.id });
  return rows.length;
}
