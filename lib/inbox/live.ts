import "server-only";
import { EventEmitter } from "node:events";

/**
 * In-process notices that an organization's inbox changed (a message arrived, a status moved,
 * a conversation was assigned): the Server-Sent Events stream wakes on them. Workers in another
 * process are caught by the stream's periodic check of the database instead.
 */
export interface TInboxChange {
  conversationId?: string;
  kind: "message" | "status" | "conversation" | "backfill";
}

const globalForLive = globalThis as unknown as { __switchboardInboxBus?: EventEmitter };

function bus(): EventEmitter {
  if (!globalForLive.__switchboardInboxBus) {
    globalForLive.__switchboardInboxBus = new EventEmitter();
    globalForLive.__switchboardInboxBus.setMaxListeners(0);
  }
  return globalForLive.__switchboardInboxBus;
}

export function publishInboxChange(organizationId: string, change: TInboxChange): void {
  bus().emit(organizationId, change);
}

/** Calls `fn` on every change of the organization's inbox; returns the unsubscribe function. */
export function subscribeInbox(organizationId: string, fn: (change: TInboxChange) => void): () => void {
  bus().on(organizationId, fn);
  return () => bus().off(organizationId, fn);
}
