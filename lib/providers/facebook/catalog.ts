import type { ProviderCatalog } from "@/lib/providers/types";

/** Client-safe facts about Facebook Pages (components may import this file). */
export const facebookCatalog = {
  platform: "facebook",
  name: "Facebook Page",
  description: "Publish to the Facebook Pages you manage, including Pages owned by a Business Portfolio.",
  // Graph rejects a Page post message longer than 63,206 characters.
  limits: { textMaxLength: 63_206, maxImages: 10 },
} as const satisfies ProviderCatalog;
