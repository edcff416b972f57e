import twitterText from "twitter-text";
import type { ProviderCatalog } from "@/lib/providers/types";

/** X's own weighted length (twitter-text): URLs count 23, CJK and emoji 2. */
export function xTextLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

/** Client-safe facts about X. */
export const xCatalog = {
  platform: "x",
  name: "X",
  description: "Post to your X profile",
  limits: {
    textMaxLength: 280,
    maxImages: 4,
    // The free tier's rolling 24-hour post cap (failed requests count too); paid tiers set their own per connection.
    postsPer24h: 17,
    image: { maxDimension: 4096, maxBytes: 5 * 1024 * 1024, formats: ["image/jpeg", "image/png", "image/webp", "image/gif"] },
  },
  textLength: xTextLength,
  threads: true,
  ui: { revokesOnDisconnect: true },
  preview: { layout: "thread", crop: "tiles_16_9", imagesShown: 4 },
} satisfies ProviderCatalog;
