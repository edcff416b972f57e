import type { ProviderCatalog } from "@/lib/providers/types";

/** Client-safe facts about Instagram professional accounts connected through a Facebook Page. */
export const instagramCatalog = {
  platform: "instagram",
  name: "Instagram",
  description: "Publish to an Instagram professional account linked to one of your Facebook Pages.",
  // Captions up to 2,200 characters; a post needs an image; carousels hold up to 10.
  limits: { textMaxLength: 2_200, imageRequired: true, maxImages: 10 },
} as const satisfies ProviderCatalog;
