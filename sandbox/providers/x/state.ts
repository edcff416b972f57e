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
  /** `media_category` the upload was made for (tweet_image, tweet_gif, tweet_video, …). */
  category?: string;
  /** Chunked uploads (initialize → append → finalize): absent for the one-shot upload. */
  upload?: XChunkedUpload;
  /** Asynchronous processing started by FINALIZE (videos and GIFs); absent when the media is ready at once. */
  processing?: XProcessing;
}

export interface XChunkedUpload {
  /** `total_bytes` declared at initialize; FINALIZE checks the segments add up to it. */
  totalBytes: number;
  /** Bytes per `segment_index`; a segment sent again replaces the earlier one (chunks can be retried). */
  segments: Map<number, Buffer>;
  finalized: boolean;
}

export interface XProcessing {
  startedAt: number;
  /** When the state leaves pending / in_progress, on the sandbox clock. */
  doneAt: number;
  /** Set when the bytes are not the declared media: the state ends as `failed` with this error. */
  failure?: { code: number; name: string; message: string };
}

/** How long pending and then in_progress last after FINALIZE, in sandbox time. */
export const PROCESSING_PENDING_MS = 1_000;
export const PROCESSING_MS = 5_000;

/** `processing_info` as FINALIZE and STATUS report it at `now`. */
export function processingInfo(p: XProcessing, now: number): Record<string, unknown> {
  const elapsed = now - p.startedAt;
  if (elapsed < PROCESSING_PENDING_MS) return { state: "pending", check_after_secs: 1 };
  if (now < p.doneAt) {
    return {
      state: "in_progress",
      check_after_secs: Math.max(1, Math.ceil((p.doneAt - now) / 1000)),
      progress_percent: Math.min(99, Math.floor((elapsed / (p.doneAt - p.startedAt)) * 100)),
    };
  }
  if (p.failure) return { state: "failed", progress_percent: 100, error: p.failure };
  return { state: "succeeded", progress_percent: 100 };
}

/** A media id can go into a post only once uploaded in full and, if processed, processed successfully. */
export function mediaReady(m: XMedia, now: number): boolean {
  if (m.upload && !m.upload.finalized) return false;
  if (m.processing && (now < m.processing.doneAt || m.processing.failure)) return false;
  return true;
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
