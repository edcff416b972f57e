import type { ProviderCatalog } from "@/lib/providers/types";

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/** Threads' count toward 500: one per character, an emoji by its UTF-8 bytes. */
export function threadsTextLength(text: string): number {
  const encoder = new TextEncoder();
  let n = 0;
  for (const { segment } of new Intl.Segmenter("en", { granularity: "grapheme" }).segment(text)) {
    n += EMOJI.test(segment) ? encoder.encode(segment).length : [...segment].length;
  }
  return n;
}

/** Client-safe facts about Threads. */
export const threadsCatalog = {
  platform: "threads",
  name: "Threads",
  description: "Post to your Threads profile",
  limits: {
    textMaxLength: 500,
    maxImages: 1,
    image: { maxDimension: 1440, maxBytes: 8 * 1024 * 1024, formats: ["image/jpeg", "image/png"] },
  },
  textLength: threadsTextLength,
  preview: { imagesShown: 1 },
} satisfies ProviderCatalog;
