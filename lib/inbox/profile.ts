import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversations } from "@/db/schema";
import { http, type HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { AVATAR_LIMITS, downloadAvatar as downloadPicture } from "@/lib/media/avatar";
import { fetchParticipantProfile } from "@/lib/providers/facebook/messages";
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
 * The person's name, username and picture, fetched once per conversation (profile_fetched_at):
 * a failure leaves the id shown and is not retried on every message.
 */
export async function fetchConversationProfile(db: DbOrTx, conversationId: string, client?: HttpClient): Promise<boolean> {
  const [c] = await db.select().from(conversations).where(eq(conversations.id, conversationId)).limit(1);
  if (!c || c.profileFetchedAt) return false;
  let name: string | null = null;
  let username: string | null = null;
  let avatar: Buffer | null = null;
  {
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
    }
  }
  await db
    .update(conversations)
    .set({ participantName: name, participantUsername: username, participantAvatar: avatar, profileFetchedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(conversations.id, conversationId));
  publishInboxChange(c.organizationId, { kind: "conversation", conversationId });
  return true;
}
