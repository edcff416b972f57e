import type { ProviderCatalog } from "@/lib/providers/types";

/** Client-safe facts about Instagram through Instagram's own login (no Facebook Page needed). */
export const instagramLoginCatalog = {
  platform: "instagram_login",
  name: "Instagram (Instagram Login)",
  description: "An Instagram professional account, signed in with Instagram — no Facebook Page needed.",
  // Captions up to 2,200 characters; a post needs an image; carousels up to 10 (REFERENCE.md).
  limits: { textMaxLength: 2200, imageRequired: true, maxImages: 10 },
} as const satisfies ProviderCatalog;
