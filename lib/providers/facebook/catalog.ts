import type { ProviderCatalog } from "@/lib/providers/types";

/** Client-safe facts about Facebook Pages (components may import this file). */
export const facebookCatalog = {
  platform: "facebook",
  name: "Facebook Page",
  description: "Publish to the Facebook Pages you manage, including Pages owned by a Business Portfolio.",
  // Graph rejects a Page post message longer than 63,206 characters.
  // /photos takes at most 4 MB per image.
  limits: {
    textMaxLength: 63_206,
    maxImages: 10,
    image: { maxDimension: 2048, maxBytes: 4 * 1024 * 1024, formats: ["image/jpeg", "image/png", "image/gif"] },
  },
  ui: { removableFromFacebook: true },
  preview: { byline: "Just now · Public", imagesShown: 10 },
} as const satisfies ProviderCatalog;
