/** What the Inbox page and its JSON routes show. Client-safe types only (no tokens, no bytes). */
import type { TReplyWindow } from "./window";

export type TMessageStatus = "received" | "sending" | "sent" | "delivered" | "read" | "failed";

export interface TConversationDto {
  id: string;
  channel: "messenger" | "instagram";
  accountId: string;
  participantId: string;
  name: string;
  username: string | null;
  /** `/api/inbox/avatars/<id>` when a picture is stored, else null (initials are shown). */
  avatarUrl: string | null;
  lastMessageAt: string | null;
  lastMessagePreview: string;
  unreadCount: number;
  assignedTo: { id: string; name: string } | null;
  status: "open" | "done";
}

export interface TMessageDto {
  id: string;
  direction: "in" | "out";
  text: string;
  attachments: TAttachmentDto[];
  sentAt: string;
  status: TMessageStatus;
  error: string | null;
  echo: boolean;
  sentByName: string | null;
}

/**
 * One attachment as the thread shows it. Media (image, audio, video, file): `url` is the app's own
 * route to the kept copy (never Meta's expiring URL), null while it downloads or when it could not
 * be kept. A link (`state: "link"`: a shared post, story, reel, page preview): `url` is where it
 * points (http(s) only).
 */
export interface TAttachmentDto {
  type: string;
  url: string | null;
  state: "stored" | "pending" | "unavailable" | "link";
  /** Files: their name and size in bytes. */
  name?: string;
  size?: number;
  /** Links: their title when Meta gave one. */
  title?: string;
}

export interface TThreadDto {
  conversation: TConversationDto;
  messages: TMessageDto[];
  window: TReplyWindow;
  /** The Page / account is no longer linked: readable, no replies. */
  readOnly: boolean;
  readOnlyReason: string | null;
}

export interface TBackfillDto {
  status: "running" | "done" | "failed";
  conversations: number;
  messages: number;
  error: string | null;
  startedAt: string;
}

export interface TInboxFilters {
  channel?: "messenger" | "instagram";
  unread?: boolean;
  mine?: boolean;
  /** Default: open conversations. */
  status?: "open" | "done";
}
