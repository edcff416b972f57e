import type { ProviderCatalog } from "@/lib/providers/types";

/** Client-safe facts about Instagram professional accounts connected through a Facebook Page. */
export const instagramCatalog = {
  platform: "instagram",
  name: "Instagram",
  description: "Publish to an Instagram professional account linked to one of your Facebook Pages.",
  // Captions up to 2,200 characters; a post needs an image; carousels hold up to 10.
  limits: {
    textMaxLength: 2_200,
    imageRequired: true,
    maxImages: 10,
    // Meta downloads the image: JPEG only, at most 8 MiB, 4:5 to 1.91:1 (else fitted with padding).
    image: { maxDimension: 1440, maxBytes: 8 * 1024 * 1024, formats: ["image/jpeg"], aspectRatio: { min: 4 / 5, max: 1.91 } },
  },
  ui: { removableFromFacebook: true },
  preview: { layout: "image_first", byline: "Original audio", crop: "fitted_first", missingImage: "Instagram needs an image" },
} as const satisfies ProviderCatalog;
