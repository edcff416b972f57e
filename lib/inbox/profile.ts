import "server-only";
import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { conversations } from "@/db/schema";
import { http, type HttpClient } from "@/lib/http";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { defineQueue } from "@/lib/jobs/queue";
import { childLogger } from "@/lib/log";
import { AVATAR_LIMITS, downloadAvatar as downloadPicture } from "@/lib/media/avatar";
import { fetchParticipantProfile } from "@/lib/providers/facebook/messages";
import { ProviderError } from "@/lib/providers/types";
import { messagingAuthFor, type TChannel } from "./accounts";
import { publishInboxChange } from "./live";

const log = childLogger({ module: "inbox" });

export const AVATAR_SIZE = AVATAR_LIMITS.size;

/** Where Meta serves Messenger and Instagram profile pictures (SECURITY A3: nothing else is fetched). */
const PROFILE_PICTURE_HOSTS = ["fbcdn.net", "fbsbx.com", "cdninstagram.com"] as const;

/**
 * Downloads a picture and keeps a small WebP copy (Meta's profile_pic URLs are signed and expire):
 * lib/media/avatar's download — Meta's picture hosts only, redirects re-checked, size cap, timeout,
 * type by content.
 */
export async function downloadAvatar(url: string, client: HttpClient = http()): Promise<Buffer | null> {
  const result = await downloadPicture(url, { allowedHosts: PROFILE_PICTURE_HOSTS, client });
  if (result.ok) return result.image;
  log.warn({ reason: result.reason, status: result.status }, "participant avatar could not be stored");
  return null;
}

/**
 * The name and picture of a person who wrote for the first time. One fetch per conversation at a
 * time (`singleton`, keyed by the conversation; a repeat finds it done). A transient failure (Meta
 * unavailable, rate limited, network) is retried with backoff — 30 s, 1 min, 2 min… for about an
 * hour; past that the person's next message asks again.
 */
export const inboxProfileQueue = defineQueue({
  name: "inbox-profile",
  schema: z.object({ conversationId: z.uuid() }),
  policy: "singleton",
  singletonKey: (job) => job.conversationId,
  options: { retryLimit: 7, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  worker: { batchSize: 4, pollingIntervalSeconds: 0.5 },
});

/** Enqueues the profile fetch of conversations whose person is not known yet (best effort: the next message asks again). */
export async function requestProfiles(conversationIds: readonly string[]): Promise<void> {
  for (const conversationId of conversationIds) {
    try {
      await enqueueJob(inboxProfileQueue, { conversationId });
    } catch (err) {
      log.warn({ err, conversationId }, "participant profile fetch not enqueued");
    }
  }
}

/** The `inbox-profile` job. */
export async function runProfileJob(database: Database, job: { conversationId: string }) {
  return { fetched: await fetchConversationProfile(database.db, job.conversationId) };
}

/** Failures worth another try later: Meta down or slow, rate limited, the network. */
const isTransient = (err: unknown) => err instanceof ProviderError && (err.kind === "transient" || err.kind === "rate_limit");

/**
 * The person's name, username and picture, fetched once per conversation (profile_fetched_at).
 * A transient failure throws (the job retries it later; the id is shown meanwhile); any other
 * failure (the account unlinked, the person unavailable) leaves the id shown for good.
 */
export async function fetchConversationProfile(db: DbOrTx, conversationId: string, client?: HttpClient): Promise<boolean> {
  const [c] = await db.select().from(conversations).where(eq(conversations.id, conversationId)).limit(1);
  if (!c || c.profileFetchedAt) return false;
  let name: string | null = null;
  let username: string | null = null;
  let avatar: Buffer | null = null;
  try {
    // A token that no longer decrypts or an unlinked account leaves the id shown; it never fails the job.
    const auth = await messagingAuthFor(db, c);
    if (!auth) throw new Error("not linked");
    const p = await fetchParticipantProfile(c.participantId, c.channel as TChannel, { ...auth, client });
    name = p.name ?? ([p.first_name, p.last_name].filter(Boolean).join(" ") || null);
    username = p.username ?? null;
    if (p.profile_pic) avatar = await downloadAvatar(p.profile_pic, client);
  } catch (err) {
    log.warn({ err, conversationId }, "participant profile could not be fetched");
    if (isTransient(err)) throw err;
  }
  await db
    .update(conversations)
    // A name already known (from the Conversations API) is kept when the profile has none.
    .set({ participantName: sql`coalesce(${name}::text, ${conversations.participantName})`, participantUsername: sql`coalesce(${username}::text, ${conversations.participantUsername})`, participantAvatar: avatar, profileFetchedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(conversations.id, conversationId));
  publishInboxChange(c.organizationId, { kind: "conversation", conversationId });
  return true;
}
