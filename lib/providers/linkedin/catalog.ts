import type { ProviderCatalog } from "@/lib/providers/types";

/** Client-safe facts about LinkedIn (a member's profile or a company page). */
export const linkedinCatalog = {
  platform: "linkedin",
  name: "LinkedIn",
  description: "Post to your LinkedIn profile or to company pages you administer",
  limits: {
    textMaxLength: 3000,
    maxImages: 9,
    image: { maxDimension: 4096, maxBytes: 8 * 1024 * 1024, formats: ["image/jpeg", "image/png", "image/gif"] },
  },
  ui: { revokesOnDisconnect: true },
  preview: { byline: "now · Public", corners: "small" },
} satisfies ProviderCatalog;

export const LINKEDIN_TARGETS = ["personal", "company"] as const;
export type TLinkedInTarget = (typeof LINKEDIN_TARGETS)[number];
