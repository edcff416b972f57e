import "server-only";
import sharp from "sharp";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conversations } from "@/db/schema";
import { http, type HttpClient } from "@/lib/http";
import { childLogger } from "@/lib/log";
import { fetchParticipantProfile } from "@/lib/providers/facebook/messages";
import { messagingAuthFor, type TChannel } from "./accounts";
import { publishInboxChange } from "./live";

const log = childLogger({ module: "inbox" });

/** Profile pictures above this are not pictures we keep. */
const MAX_AVATAR_BYTES = 5 * 1024 * 1024;
export const AVATAR_SIZE = 96;

/** Downloads a picture and keeps a small WebP copy (Meta's profile_pic URLs are signed and expire). */
export async function downloadAvatar(url: string, client: HttpClient = http()): Promise<Buffer | null> {
  try {
    const res = await client.request(url, { timeoutMs: 10_000 });
    if (!res.ok) return null;
    const bytes = res.bytes();
    if (bytes.byteLength === 0 || bytes.byteLength > MAX_AVATAR_BYTES) return null;
    return await sharp(bytes, { limitInputPixels: 4096 * 4096 }).resize(AVATAR_SIZE, AVATAR_SIZE, { fit: "cover" }).webp({ quality: 80 }).toBuffer();
  } catch (err) {
    log.warn({ err }, "participant avatar could not be stored");
    return null;
  }
}

/**
 * The person's name, username and picture, fetched once per conversation (profile_fetched_at):
 * a failure leaves the id shown and is not retried on every message.
 */
export async function fetchConversationProfile(db: DbOrTx, conversationId: string, client?: HttpClient): Promise<boolean> {
  const [c] = await db.select().from(conversations).where(eq(conversations.id, conversationId)).limit(1);
  if (!c || c.profileFetchedAt) return false;
  const auth = await messagingAuthFor(db, c);
  let name: string | null = null;
  let username: string | null = null;
  let avatar: Buffer | null = null;
  if (auth) {
    try {
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
