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
  /** `url` is the app's own route to the kept copy (never Meta's expiring URL); null while it downloads or when it could not be kept. */
  attachments: Array<{ type: string; url: string | null; state: "stored" | "pending" | "unavailable" }>;
  sentAt: string;
  status: TMessageStatus;
  error: string | null;
  echo: boolean;
  sentByName: string | null;
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
