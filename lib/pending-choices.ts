import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { pendingChoices, type TPendingChoice } from "@/db/schema";
import { decryptToken, encryptToken } from "@/lib/crypto";

/**
 * THE pending-choice store: what an authorization returned when the person has something to
 * pick, kept for minutes between the callback and the pick. One table (`pending_choices`), one
 * TTL rule, one encryption path:
 * - bound to the person and organization that authorized (every read and take names both);
 * - `choices` is the public part a picker lists (names, pictures, never a token); the private
 *   part (`secret`, with the tokens) is encrypted under `pending_choices/<id>/payload`;
 * - expiry by the database clock, so every app instance agrees: `now() + TTL of its kind`;
 * - taken once (DELETE … RETURNING): a double submit saves once;
 * - swept by the `oauth-sweep` job an hour after expiry (until then a picker can say "expired"
 *   rather than "nothing to pick").
 * Users: the creator connect picker (`lib/connections/pending.ts`), the Messenger link's Page list
 * (`lib/meta-messaging/pending.ts`). A new picker adds its kind to the TTL table below.
 */

/** How long each kind waits for the pick, in seconds from its creation (database clock). */
export const PENDING_CHOICE_TTL_SECONDS = {
  /** The accounts of a creator connect (/connections/select/[id]). */
  connect: 10 * 60,
  /** The Pages of the organization's Messenger link (MetaPagePicker). */
  meta_page: 5 * 60,
} as const;

export type TPendingChoiceKind = keyof typeof PENDING_CHOICE_TTL_SECONDS;

/** Expired choices stay this long before the sweep removes them. */
const SWEEP_AFTER_EXPIRY = sql`interval '1 hour'`;

const payloadCtx = (id: string) => ({ table: "pending_choices", id, field: "payload" });
const isLive = sql<boolean>`${pendingChoices.expiresAt} > now()`;

/** Whose choice it is: the person who authorized, in the organization they authorized for. */
export interface TPendingOwner {
  kind: TPendingChoiceKind;
  userId: string;
  organizationId: string;
}

function ownedBy(owner: TPendingOwner, id?: string): SQL {
  return and(
    eq(pendingChoices.kind, owner.kind),
    eq(pendingChoices.userId, owner.userId),
    eq(pendingChoices.organizationId, owner.organizationId),
    id === undefined ? undefined : eq(pendingChoices.id, id),
  )!;
}

export interface TCreatePendingChoice<TSecret> extends TPendingOwner {
  platform: string;
  choices: TPendingChoice[];
  /** The private part (tokens), stored encrypted; given back only by `takePendingChoice`. */
  secret: TSecret;
  returnTo?: string | null;
  /** The provider user whose login listed the choices (a Meta data-deletion request names them). */
  providerUserId?: string | null;
  /** Replaces this person's earlier choices of this kind in this organization (one list per person). */
  replace?: boolean;
}

/** Keeps a choice for the pick; answers its id. */
export async function createPendingChoice<TSecret>(db: DbOrTx, { organizationId, ...input }: TCreatePendingChoice<TSecret>): Promise<string> {
  const id = randomUUID();
  const row = {
    id,
    kind: input.kind,
    userId: input.userId,
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
    await tx.delete(pendingChoices).where(ownedBy({ ...input, organizationId }));
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

/** This person's choice with that id (or their latest of this kind), live or expired; null when there is none. */
export async function findPendingChoice(db: DbOrTx, { kind, userId, organizationId, id }: TPendingOwner & { id?: string }): Promise<TPendingChoiceView | null> {
  const [row] = await db
    .select({ id: pendingChoices.id, platform: pendingChoices.platform, choices: pendingChoices.choices, expiresAt: pendingChoices.expiresAt, live: isLive })
    .from(pendingChoices)
    .where(ownedBy({ kind, userId, organizationId }, id))
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
 * Takes this person's choice once (DELETE … RETURNING): the one with `id`, or (without) their
 * latest of this kind. With `choiceId`, only a choice that offers it is taken — a wrong id leaves
 * the person's list alone. Null when there is nothing to take.
 */
export async function takePendingChoice<TSecret>(
  db: DbOrTx,
  { kind, userId, organizationId, id, choiceId }: TPendingOwner & { id?: string; choiceId?: string },
): Promise<TTakenChoice<TSecret> | null> {
  const offers = choiceId === undefined ? undefined : sql`${pendingChoices.choices} @> ${JSON.stringify([{ id: choiceId }])}::jsonb`;
  const rows = await db
    .delete(pendingChoices)
    .where(and(ownedBy({ kind, userId, organizationId }, id), offers))
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
export async function deletePendingChoicesOf(db: DbOrTx, input: { platform: string; providerUserId: string }): Promise<number> {
  const rows = await db
    .delete(pendingChoices)
    .where(and(eq(pendingChoices.platform, input.platform), eq(pendingChoices.providerUserId, input.providerUserId)))
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
