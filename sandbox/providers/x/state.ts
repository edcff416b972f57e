/** X module state: per-user request ledgers for the free-tier limits, created posts and uploaded media. */
import type { ModuleInit } from "../../core/types";
import { FREE_TIER, X_USERS } from "./fixtures";

const DAY_MS = 24 * 60 * 60 * 1000;
const TWITTER_EPOCH = 1288834974657n;

export interface XTweet {
  id: string;
  authorId: string;
  text: string;
  mediaKeys: string[];
  createdAt: number;
}

export interface XMedia {
  id: string;
  mediaKey: string;
  ownerId: string;
  contentType: string;
  size: number;
  width: number;
  height: number;
  expiresAt: number;
}

export interface XState {
  /** Times of counted POST /2/tweets requests, per user. */
  tweetLedger: Map<string, number[]>;
  meLedger: Map<string, number[]>;
  tweets: Map<string, XTweet>;
  media: Map<string, XMedia>;
  seq: number;
}

export function createXState(init: ModuleInit): XState {
  const now = init.clock.now();
  const state: XState = { tweetLedger: new Map(), meLedger: new Map(), tweets: new Map(), media: new Map(), seq: 0 };
  for (const user of X_USERS) {
    const times = user.recentPosts.map((p) => now - p.minutesAgo * 60_000).sort((a, b) => a - b);
    state.tweetLedger.set(user.id, times);
    user.recentPosts.forEach((p, i) => {
      const id = snowflake(state, now - p.minutesAgo * 60_000);
      state.tweets.set(id, { id, authorId: user.id, text: p.text, mediaKeys: [], createdAt: now - p.minutesAgo * 60_000 + i });
    });
  }
  return state;
}

/** A 19-digit time-ordered id like X's. */
export function snowflake(state: XState, at: number): string {
  state.seq = (state.seq + 1) & 0xfff;
  return ((BigInt(Math.floor(at)) - TWITTER_EPOCH) << 22n | BigInt(state.seq)).toString();
}

export interface Window {
  limit: number;
  remaining: number;
  /** When the oldest counted request leaves the rolling window (ms). */
  resetAt: number;
}

/** The rolling-24 h window for one ledger entry, pruned to `now`. */
export function rollingWindow(ledger: Map<string, number[]>, userId: string, limit: number, now: number): Window {
  const times = (ledger.get(userId) ?? []).filter((t) => now - t < DAY_MS);
  ledger.set(userId, times);
  return { limit, remaining: Math.max(0, limit - times.length), resetAt: (times[0] ?? now) + DAY_MS };
}

export function count(ledger: Map<string, number[]>, userId: string, now: number): void {
  const times = ledger.get(userId) ?? [];
  times.push(now);
  ledger.set(userId, times);
}

/** X's rate-limit headers; on the free tier the 24 h window is the endpoint's window. */
export function limitHeaders(w: Window): Record<string, string> {
  const reset = String(Math.ceil(w.resetAt / 1000));
  return {
    "x-rate-limit-limit": String(w.limit),
    "x-rate-limit-remaining": String(w.remaining),
    "x-rate-limit-reset": reset,
    "x-user-limit-24hour-limit": String(w.limit),
    "x-user-limit-24hour-remaining": String(w.remaining),
    "x-user-limit-24hour-reset": reset,
  };
}

export { DAY_MS, FREE_TIER };
