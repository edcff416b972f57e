/** Mutable Facebook/Graph state; recreated on reset. */
import { createIgPublishingState, type IgPublishingState } from "../meta/ig-publishing";
import type { ReportRun } from "./marketing-objects";
import { createThreads, type Threads } from "../meta/threads";

export interface AppSubscription {
  object: string;
  callbackUrl: string;
  verifyToken: string;
  fields: string[];
  active: boolean;
}

export interface PagePost {
  id: string;
  pageId: string;
  message: string;
  link?: string;
  photoIds: string[];
  createdAt: number;
  published: boolean;
  scheduledAt?: number;
}

export interface PagePhoto {
  id: string;
  pageId: string;
  url?: string;
  caption: string;
  published: boolean;
  postId?: string;
}

export interface FacebookState {
  /** App-level webhook subscriptions: app id → object → subscription. */
  appSubs: Map<string, Map<string, AppSubscription>>;
  /** Page-level subscriptions of our app: Page id → subscribed fields. */
  pageSubs: Map<string, string[]>;
  posts: Map<string, PagePost>;
  photos: Map<string, PagePhoto>;
  ig: IgPublishingState;
  /** Last message from a person to a Page or IG account: "<account>:<sender>" → time (24-hour window). */
  inbound: Map<string, number>;
  /** Conversations of Pages and their Instagram accounts (Conversations API, profiles, sender actions). */
  threads: Threads;
  /** Page tokens handed out: "<user token>:<page>" → page token (Graph returns the same one while valid). */
  pageTokens: Map<string, string>;
  /** Edits made with `POST /{campaign|adset|ad id}`: id → changed fields (laid over the seeded objects). */
  adEdits: Map<string, Record<string, string>>;
  /** Async insights jobs by report_run_id. */
  reportRuns: Map<string, ReportRun>;
  seq: number;
}

export function createFacebookState(): FacebookState {
  return { appSubs: new Map(), pageSubs: new Map(), posts: new Map(), photos: new Map(), ig: createIgPublishingState(), inbound: new Map(), threads: createThreads(), pageTokens: new Map(), adEdits: new Map(), reportRuns: new Map(), seq: 0 };
}

/** A fresh numeric id with a realistic length. */
export function nextId(state: FacebookState, prefix = "1220"): string {
  state.seq += 1;
  return prefix.padEnd(15 - 6, "0") + String(state.seq).padStart(6, "0");
}
