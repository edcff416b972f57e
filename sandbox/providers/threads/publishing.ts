/** Threads containers: IN_PROGRESS for a few seconds of sandbox time, then FINISHED; publish only FINISHED; 250 posts / 24 h. */
import { json, param } from "../../core/http";
import type { SandboxContext, SandboxRequest } from "../../core/types";
import { metaError } from "../meta/errors";
import { CONTAINER_EXPIRES_MS, CONTAINER_READY_MS } from "../meta/ig-publishing";
import { THREADS } from "./fixtures";

export const THREADS_QUOTA = 250;

export interface ThreadsContainer {
  id: string;
  ownerId: string;
  mediaType: "TEXT" | "IMAGE";
  text: string;
  imageUrl?: string;
  createdAt: number;
  published: boolean;
  postId?: string;
}

export interface ThreadsPost {
  id: string;
  ownerId: string;
  text: string;
  mediaType: string;
  permalink: string;
  timestamp: string;
  publishedAt: number;
}

export interface ThreadsState {
  containers: Map<string, ThreadsContainer>;
  posts: Map<string, ThreadsPost>;
  seq: number;
}

export function createThreadsState(): ThreadsState {
  return { containers: new Map(), posts: new Map(), seq: 0 };
}

function status(c: ThreadsContainer, now: number): string {
  if (c.published) return "PUBLISHED";
  if (now - c.createdAt >= CONTAINER_EXPIRES_MS) return "EXPIRED";
  return now - c.createdAt < CONTAINER_READY_MS ? "IN_PROGRESS" : "FINISHED";
}

export function threadsContainerNode(c: ThreadsContainer, now: number): Record<string, unknown> {
  return { __type: "ThreadsMediaContainer", id: c.id, status: status(c, now), error_message: undefined };
}

export function quotaUsage(s: ThreadsState, ownerId: string, now: number): number {
  return [...s.posts.values()].filter((p) => p.ownerId === ownerId && now - p.publishedAt < 86_400_000).length;
}

const thErr = (message: string, code: number, subcode?: number) => metaError(400, { message, type: "THApiException", code, error_subcode: subcode });

export function publishThread(s: ThreadsState, ctx: SandboxContext, req: SandboxRequest, ownerId: string): Response {
  const now = ctx.clock.now();
  const creationId = param(req, "creation_id");
  if (!creationId) return thErr("Param creation_id is required.", 100);
  const c = s.containers.get(creationId);
  if (!c || c.ownerId !== ownerId) return thErr("The requested resource does not exist", 24, 4279009);
  const st = status(c, now);
  if (st === "PUBLISHED") return thErr("This container has already been published.", 100, 4279010);
  if (st === "EXPIRED") return thErr("The media container has expired. Create a new one.", 100, 4279011);
  if (st !== "FINISHED") return thErr("Media is not ready to be published. Please wait a moment.", 9007, 4279012);
  if (quotaUsage(s, ownerId, now) >= THREADS_QUOTA) return thErr("You have reached the publishing limit of 250 posts in 24 hours.", 9, 4279013);
  s.seq += 1;
  const id = `1807${String(s.seq).padStart(13, "0")}`;
  const username = THREADS.user(ownerId)?.username ?? "user";
  const shortcode = Buffer.from(id).toString("base64url").slice(0, 11);
  s.posts.set(id, {
    id,
    ownerId,
    text: c.text,
    mediaType: c.mediaType === "IMAGE" ? "IMAGE" : "TEXT_POST",
    permalink: `https://www.threads.net/@${username}/post/${shortcode}`,
    timestamp: new Date(now).toISOString().replace(/\.\d+Z$/, "+0000"),
    publishedAt: now,
  });
  c.published = true;
  c.postId = id;
  ctx.recordPost({ platform: "threads", target: ownerId, id, text: c.text, media: c.imageUrl ? [c.imageUrl] : [] });
  return json({ id });
}
