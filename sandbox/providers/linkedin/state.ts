/** LinkedIn module state: the image/asset store (uploads, logos, profile photos) and created posts. */
import type { ModuleInit } from "../../core/types";
import { MEMBERS, memberName, ORGANIZATIONS, photoImageId } from "./fixtures";

export type ImageStatus = "WAITING_UPLOAD" | "PROCESSING" | "AVAILABLE";

export interface StoredImage {
  /** Shared by `urn:li:image:{id}` and `urn:li:digitalmediaAsset:{id}`. */
  id: string;
  owner: string;
  uploadToken: string;
  uploadUrlExpiresAt: number;
  uploadedAt?: number;
  bytes?: Buffer;
  contentType?: string;
  /** Fixture images (logos, photos) are available from the start; `label` picks the avatar's initials. */
  seeded?: boolean;
  label?: string;
}

export interface StoredPost {
  urn: string;
  author: string;
  /** What LinkedIn keeps: the commentary as sent (little format for /rest/posts), cut at an unescaped reserved character. */
  commentary: string;
  /** The text the post shows. */
  text: string;
  media: string[];
  createdAt: number;
}

export interface LinkedInState {
  images: Map<string, StoredImage>;
  posts: StoredPost[];
  seq: number;
}

/** Uploads finish processing this long after the PUT, on the sandbox clock. */
export const PROCESSING_MS = 2000;

export function createLinkedInState(_init: ModuleInit): LinkedInState {
  const images = new Map<string, StoredImage>();
  const seed = (id: string, owner: string, label: string) =>
    images.set(id, { id, owner, label, uploadToken: "", uploadUrlExpiresAt: 0, seeded: true, contentType: "image/svg+xml" });
  for (const o of ORGANIZATIONS) seed(o.logoImageId, `urn:li:organization:${o.id}`, o.name);
  for (const m of MEMBERS) seed(photoImageId(m), `urn:li:person:${m.sub}`, memberName(m));
  return { images, posts: [], seq: 0 };
}

export function imageStatus(img: StoredImage, now: number): ImageStatus {
  if (img.seeded) return "AVAILABLE";
  if (img.uploadedAt === undefined) return "WAITING_UPLOAD";
  return now - img.uploadedAt >= PROCESSING_MS ? "AVAILABLE" : "PROCESSING";
}

/** A 19-digit activity id for share URNs. */
export function activityId(state: LinkedInState, now: number): string {
  state.seq = (state.seq + 1) % 1000;
  return (7_000_000_000_000_000_000n + BigInt(now) * 1000n + BigInt(state.seq)).toString().slice(0, 19);
}
