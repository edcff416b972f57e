import type { ProviderCatalog } from "@/lib/providers/types";

/** Client-safe facts about Instagram through Instagram's own login (no Facebook Page needed). */
export const instagramLoginCatalog = {
  platform: "instagram_login",
  name: "Instagram (Instagram Login)",
  description: "An Instagram professional account, signed in with Instagram — no Facebook Page needed.",
  // Captions up to 2,200 characters; a post needs an image; carousels up to 10 (REFERENCE.md).
  limits: {
    textMaxLength: 2_200,
    imageRequired: true,
    maxImages: 10,
    // Meta downloads the image: JPEG only, at most 8 MiB, 4:5 to 1.91:1 (else fitted with padding).
    image: { maxDimension: 1440, maxBytes: 8 * 1024 * 1024, formats: ["image/jpeg"], aspectRatio: { min: 4 / 5, max: 1.91 } },
  },
  ui: { cardAction: "refresh_now" },
  preview: { layout: "image_first", byline: "Original audio", crop: "fitted_first", missingImage: "Instagram needs an image" },
} as const satisfies ProviderCatalog;
