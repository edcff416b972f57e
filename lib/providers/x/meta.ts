import type { ProviderMeta } from "@/lib/providers/types";

/** Client-safe facts about X. */
export const xMeta = {
  platform: "x",
  name: "X",
  description: "Post to your X profile",
  limits: { textMaxLength: 280, maxImages: 4 },
} satisfies ProviderMeta;
