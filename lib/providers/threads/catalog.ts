import type { ProviderCatalog } from "@/lib/providers/types";

/** Client-safe facts about Threads. */
export const threadsCatalog = {
  platform: "threads",
  name: "Threads",
  description: "Post to your Threads profile",
  limits: { textMaxLength: 500, maxImages: 1 },
} satisfies ProviderCatalog;
