import type { ProviderCatalog } from "@/lib/providers/types";

/** Client-safe facts about X. */
export const xCatalog = {
  platform: "x",
  name: "X",
  description: "Post to your X profile",
  limits: { textMaxLength: 280, maxImages: 4 },
} satisfies ProviderCatalog;
