/**
 * Client-safe: per-channel validation from each provider's one limits table (its meta). The
 * compose form runs it live; the server runs the same function before anything is written.
 */
import { threadParts } from "@/lib/providers/thread";
import type { ProviderCatalog } from "@/lib/providers/types";

export interface TContentIssue {
  level: "error" | "warning";
  code: "empty" | "limit" | "too_long" | "image_required" | "too_many_images" | "padding" | "thread" | "thread_limit";
  message: string;
  /** A too-long text on a platform with threads can be split (the form offers it). */
  canSplit?: boolean;
}

export interface TContentInput {
  text: string;
  images: readonly { width: number; height: number }[];
}

export { THREAD_JOINER, threadParts } from "@/lib/providers/thread";

export function lengthOf(meta: ProviderCatalog, text: string): number {
  return meta.textLength ? meta.textLength(text) : [...text].length;
}

/** The limit the text is measured against: the caption's when there are images and the platform has one. */
export function limitOf(meta: ProviderCatalog, imageCount: number): number {
  return imageCount > 0 && meta.limits.captionMaxLength ? meta.limits.captionMaxLength : meta.limits.textMaxLength;
}

/**
 * Splits a text into posts that each fit `limit` (by the platform's own count), breaking at
 * paragraph, sentence or word boundaries, never inside a word unless a word alone is too long.
 */
export function splitIntoThread(text: string, limit: number, length: (t: string) => number = (t) => [...t].length): string[] {
  const words = text.trim().split(/(\s+)/);
  const out: string[] = [];
  let current = "";
  for (const piece of words) {
    const next = current + piece;
    if (length(next.trim()) <= limit) {
      current = next;
      continue;
    }
    if (current.trim()) out.push(current.trim());
    current = piece.trim() ? piece : "";
    while (length(current) > limit) {
      // One word longer than a post: cut it.
      let cut = [...current];
      let head = "";
      while (cut.length && length(head + cut[0]) <= limit) head += cut.shift();
      out.push(head);
      current = cut.join("");
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Every problem of one channel's content, by that platform's limits. */
export function validateContent(meta: ProviderCatalog, input: TContentInput): TContentIssue[] {
  const issues: TContentIssue[] = [];
  const { limits } = meta;
  const count = input.images.length;
  const parts = meta.threads ? threadParts(input.text) : [input.text];
  if (!input.text.trim() && count === 0) issues.push({ level: "error", code: "empty", message: "Write something or add an image." });
  if (limits.imageRequired && count === 0) issues.push({ level: "error", code: "image_required", message: `${meta.name} needs at least one image.` });
  if (limits.maxImages !== undefined && count > limits.maxImages) {
    issues.push({ level: "error", code: "too_many_images", message: `${meta.name} takes at most ${limits.maxImages} image${limits.maxImages === 1 ? "" : "s"}; remove ${count - limits.maxImages}.` });
  }
  const limit = limitOf(meta, count);
  const longest = Math.max(...parts.map((p) => lengthOf(meta, p)));
  if (longest > limit) {
    const what = count > 0 && limits.captionMaxLength ? "caption" : "post";
    issues.push({
      level: "error",
      code: "too_long",
      message: `${longest.toLocaleString("en")} of ${limit.toLocaleString("en")} characters: ${meta.name}'s ${what} limit. Shorten it${meta.threads ? " or split it into a thread" : " or write a shorter version for this channel"}.`,
      canSplit: !!meta.threads,
    });
  }
  if (parts.length > 1) issues.push({ level: "warning", code: "thread", message: `Posted as a thread of ${parts.length}.` });
  const ratio = limits.image?.aspectRatio;
  if (ratio && input.images.some((i) => i.width / i.height < ratio.min - 1e-3 || i.width / i.height > ratio.max + 1e-3)) {
    issues.push({ level: "warning", code: "padding", message: `${meta.name} shows images between 4:5 and 1.91:1; this one will be fitted with white padding.` });
  }
  return issues;
}

/** A connection's rolling 24-hour post cap (X: 17 by default) and how much of it is used. */
export interface TThreadQuota {
  limit: number;
  used: number;
}

/**
 * The posts a text goes out as: one per part of a thread, and a part too long for one post
 * counted as the thread "Split into a thread" would make of it.
 */
export function postsOf(meta: ProviderCatalog, text: string): number {
  if (!meta.threads) return 1;
  const limit = meta.limits.textMaxLength;
  return threadParts(text).reduce((n, part) => n + (lengthOf(meta, part) > limit ? splitIntoThread(part, limit, (t) => lengthOf(meta, t)).length : 1), 0);
}

/**
 * The whole limit of a thread: each of its posts counts toward the connection's posts per 24
 * hours, so a thread longer than the cap can never go out (refused before sending), and one longer
 * than what is left of it now cannot go out now. A scheduled one is checked again when it is due,
 * so that is only a warning.
 */
export function threadLimitIssue(meta: ProviderCatalog, text: string, quota: TThreadQuota | null, { scheduled = false }: { scheduled?: boolean } = {}): TContentIssue | null {
  if (!quota || !meta.threads) return null;
  const posts = postsOf(meta, text);
  if (posts <= 1) return null;
  const what = posts === threadParts(text).length ? `This thread has ${posts} posts` : `Split into a thread, this text makes ${posts} posts`;
  if (posts > quota.limit) {
    return { level: "error", code: "thread_limit", message: `${what}, more than the ${quota.limit} ${meta.name} allows in 24 hours. Shorten it.` };
  }
  const left = Math.max(0, quota.limit - quota.used);
  if (posts > left) {
    return scheduled
      ? { level: "warning", code: "thread_limit", message: `${what} and ${left} of ${meta.name}'s ${quota.limit} posts per 24 hours are left now; it goes out only if room for all of them opens by the time you picked.` }
      : { level: "error", code: "thread_limit", message: `${what} and ${left} of ${meta.name}'s ${quota.limit} posts per 24 hours are left on this account. Shorten it or schedule it for later.` };
  }
  return null;
}

export function hasErrors(issues: readonly TContentIssue[]): boolean {
  return issues.some((i) => i.level === "error");
}
