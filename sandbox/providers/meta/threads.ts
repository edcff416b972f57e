/**
 * Conversations between a Page (or Instagram account) and the people who write to it: what the
 * Conversations API pages through and what a PSID / IGSID profile read resolves. Incoming
 * messages (webhook deliveries, seeded history) and Send API replies land here.
 */
import { pictureUrl } from "../cdn";
import { createHash } from "node:crypto";
import type { GraphNode } from "./fields";

export interface ThreadMessage {
  id: string;
  /** Who wrote it: the customer or the account. */
  fromCustomer: boolean;
  text: string;
  createdAt: number;
  attachmentUrl?: string;
  /** The webhook's attachment type (default image). */
  attachmentType?: string;
}

export interface Thread {
  /** Conversation id (`t_…`). */
  id: string;
  platform: "messenger" | "instagram";
  /** The Page or Instagram account id. */
  accountId: string;
  customerId: string;
  updatedAt: number;
  messages: ThreadMessage[];
}

export interface Threads {
  /** "<account>:<customer>" → thread. */
  byKey: Map<string, Thread>;
  /** Sender actions received: mark_seen, typing_on, typing_off. */
  senderActions: Array<{ accountId: string; recipientId: string; action: string; at: number }>;
}

/**
 * A message's attachment as the Conversations API lists it: `image_data` for images,
 * `video_data` for videos, `file_url` with `mime_type` and `name` for audio and files.
 */
const MEDIA = new Set(["image", "video", "audio", "file"]);

function conversationAttachment(mid: string, type: string, url: string): Record<string, unknown> {
  const id = `${mid}_a`;
  if (type === "image") return { id, mime_type: "image/jpeg", image_data: { url, width: 200, height: 200 } };
  if (type === "video") return { id, mime_type: "video/mp4", video_data: { url, width: 640, height: 360 } };
  const name = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "file");
  if (type === "audio") return { id, mime_type: "audio/mpeg", name, file_url: url };
  return { id, mime_type: "application/octet-stream", name, file_url: url };
}

export function createThreads(): Threads {
  return { byKey: new Map(), senderActions: [] };
}

const FIRST = ["Amara", "Bruno", "Chloé", "Dmitri", "Elif", "Farah", "Gustavo", "Hiro", "Ines", "Jonah", "Kavya", "Liam", "Mei", "Nadia", "Omar", "Paula", "Quinn", "Rosa", "Sven", "Tala"];
const LAST = ["Adeyemi", "Brandt", "Costa", "Dubois", "Eriksen", "Fontaine", "García", "Hughes", "Ito", "Jansen", "Kowalski", "Lindgren", "Moreau", "Nakamura", "Okoro", "Petrov", "Quispe", "Rossi", "Silva", "Tanaka"];

/** A stable made-up person for a PSID / IGSID. */
export function customerProfile(id: string): { firstName: string; lastName: string; name: string; username: string } {
  const h = createHash("sha256").update(id).digest();
  const firstName = FIRST[h[0]! % FIRST.length]!;
  const lastName = LAST[h[1]! % LAST.length]!;
  const username = `${firstName}.${lastName}`.toLowerCase().normalize("NFD").replace(/[^a-z.]/g, "") + (h[2]! % 90 + 10);
  return { firstName, lastName, name: `${firstName} ${lastName}`, username };
}

function threadId(accountId: string, customerId: string): string {
  return "t_" + createHash("sha256").update(`${accountId}:${customerId}`).digest("base64url").slice(0, 22);
}

/** The thread of this account and person, created on first use. */
export function threadOf(t: Threads, platform: Thread["platform"], accountId: string, customerId: string, now: number): Thread {
  const key = `${accountId}:${customerId}`;
  let th = t.byKey.get(key);
  if (!th) t.byKey.set(key, (th = { id: threadId(accountId, customerId), platform, accountId, customerId, updatedAt: now, messages: [] }));
  return th;
}

export function addThreadMessage(t: Threads, platform: Thread["platform"], accountId: string, customerId: string, m: ThreadMessage): void {
  const th = threadOf(t, platform, accountId, customerId, m.createdAt);
  if (th.messages.some((x) => x.id === m.id)) return;
  th.messages.push(m);
  th.messages.sort((a, b) => a.createdAt - b.createdAt);
  th.updatedAt = Math.max(th.updatedAt, m.createdAt);
}

/** Does this account have a conversation with this person (so may read their profile)? */
export function findCustomer(t: Threads, customerId: string, accountIds: string[]): Thread | undefined {
  for (const a of accountIds) {
    const th = t.byKey.get(`${a}:${customerId}`);
    if (th) return th;
  }
  return undefined;
}

/** Graph's time format: 2026-12-07T12:00:00+0000. */
export const graphTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "+0000");

/** A PSID / IGSID profile node as the account sees it. */
export function customerNode(th: Thread, sandboxUrl: string): GraphNode {
  const p = customerProfile(th.customerId);
  // As Meta does: a signed URL on its picture CDN (served by the sandbox's cdn module).
  const pic = pictureUrl(th.platform === "instagram" ? "instagram" : "facebook", th.customerId, p.name);
  return th.platform === "instagram"
    ? { __type: "InstagramUser", id: th.customerId, name: p.name, username: p.username, profile_pic: pic }
    : { __type: "User", id: th.customerId, name: p.name, first_name: p.firstName, last_name: p.lastName, profile_pic: pic };
}

/** A Conversation node with its participants and its 20 most recent messages (newest first). */
export function conversationNode(th: Thread, account: { id: string; name: string; username?: string }): GraphNode {
  const p = customerProfile(th.customerId);
  const customer = th.platform === "instagram" ? { id: th.customerId, username: p.username } : { id: th.customerId, name: p.name };
  const own = th.platform === "instagram" ? { id: account.id, username: account.username ?? account.name } : { id: account.id, name: account.name };
  const recent = th.messages.slice(-20).reverse();
  return {
    __type: "Conversation",
    id: th.id,
    updated_time: graphTime(th.updatedAt),
    message_count: th.messages.length,
    participants: { data: [customer, own] },
    messages: {
      data: recent.map((m) => ({
        __type: "Message",
        id: m.id,
        created_time: graphTime(m.createdAt),
        message: m.text,
        from: m.fromCustomer ? customer : own,
        to: { data: [m.fromCustomer ? own : customer] },
        // Links (shares, stories, reels) are not attachments in the Conversations API.
        attachments: m.attachmentUrl && MEDIA.has(m.attachmentType ?? "image") ? { data: [conversationAttachment(m.id, m.attachmentType ?? "image", m.attachmentUrl)] } : undefined,
      })),
    },
  };
}
