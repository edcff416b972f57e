import { createIgPublishingState, type IgPublishingState } from "../meta/ig-publishing";
import { createThreads, type Threads } from "../meta/threads";

export interface InstagramState {
  ig: IgPublishingState;
  /** Per-account webhook subscriptions (graph.instagram.com/{id}/subscribed_apps). */
  subscriptions: Map<string, string[]>;
  /** "<account>:<sender>" → time of the last message from that person (24-hour window). */
  inbound: Map<string, number>;
  /** Conversations of Instagram Login accounts. */
  threads: Threads;
  /** Control knob: force the token response shape ("data" = documented, "flat"). */
  tokenShape?: "data" | "flat";
}

export function createInstagramState(): InstagramState {
  return { ig: createIgPublishingState(), subscriptions: new Map(), inbound: new Map(), threads: createThreads() };
}
