/**
 * Client-safe: every platform's metadata and the Connect menu's entries. Components import this
 * (never lib/providers/index.ts, which is server-only).
 */
import { facebookCatalog } from "./facebook/catalog";
import { instagramCatalog } from "./instagram/catalog";
import { instagramLoginCatalog } from "./instagram_login/catalog";
import { linkedinCatalog } from "./linkedin/catalog";
import { telegramCatalog } from "./telegram/catalog";
import { threadsCatalog } from "./threads/catalog";
import type { Platform, ProviderCatalog, ProviderPreview, ProviderUi } from "./types";
import { xCatalog } from "./x/catalog";

export const PLATFORM_CATALOG = {
  x: xCatalog,
  linkedin: linkedinCatalog,
  facebook: facebookCatalog,
  instagram: instagramCatalog,
  instagram_login: instagramLoginCatalog,
  threads: threadsCatalog,
  telegram: telegramCatalog,
} satisfies Record<Platform, ProviderCatalog>;

export function platformName(platform: string): string {
  return (PLATFORM_CATALOG as Record<string, ProviderCatalog>)[platform]?.name ?? platform;
}

/** How the Connections page treats a platform (nothing special for an unknown one). */
export function platformUi(platform: string): ProviderUi {
  return (PLATFORM_CATALOG as Record<string, ProviderCatalog>)[platform]?.ui ?? {};
}

/** How Compose previews a post on a platform (an author card for an unknown one). */
export function platformPreview(platform: string): ProviderPreview {
  return (PLATFORM_CATALOG as Record<string, ProviderCatalog>)[platform]?.preview ?? {};
}

export interface TConnectOption {
  /** Unique key: platform or platform:target. */
  key: string;
  platform: Platform;
  target?: string;
  label: string;
  description: string;
  /** The env variables an administrator sets to enable it (names only). */
  envVars: string[];
}

/** The Connect menu, in order. */
export const CONNECT_OPTIONS: TConnectOption[] = [
  { key: "x", platform: "x", label: "X", description: xCatalog.description, envVars: ["X_CLIENT_ID", "X_CLIENT_SECRET"] },
  {
    key: "linkedin:personal",
    platform: "linkedin",
    target: "personal",
    label: "LinkedIn — Profile",
    description: "Post as yourself",
    envVars: ["LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET"],
  },
  {
    key: "linkedin:company",
    platform: "linkedin",
    target: "company",
    label: "LinkedIn — Company page",
    description: "Post as a page you administer",
    envVars: ["LINKEDIN_COMPANY_CLIENT_ID", "LINKEDIN_COMPANY_CLIENT_SECRET"],
  },
  { key: "facebook", platform: "facebook", label: facebookCatalog.name, description: "Pages you manage", envVars: ["FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET"] },
  { key: "instagram", platform: "instagram", label: "Instagram (via Facebook)", description: "Linked to a Facebook Page", envVars: ["FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET"] },
  {
    key: "instagram_login",
    platform: "instagram_login",
    label: "Instagram (Instagram Login)",
    description: "No Facebook Page needed",
    envVars: ["INSTAGRAM_APP_ID", "INSTAGRAM_APP_SECRET"],
  },
  { key: "threads", platform: "threads", label: "Threads", description: threadsCatalog.description, envVars: ["THREADS_APP_ID", "THREADS_APP_SECRET"] },
  { key: "telegram", platform: "telegram", label: "Telegram channel", description: "Through your bot", envVars: [] },
];

/** Where a person reconnects one connection (a platform connected in a dialog, e.g. Telegram's bot token, opens it again). */
export function reconnectHref(c: { id: string; platform: string; appType: string }): string {
  return platformUi(c.platform).connectDialog ? `/connections?connect=${c.platform}` : connectHref({ platform: c.platform, target: c.appType }, { reconnect: c.id });
}

/** The connect URL of an option (a full navigation: it is a route handler, not a page). */
export function connectHref(option: { platform: string; target?: string }, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ ...(option.target ? { target: option.target } : {}), ...extra });
  const s = q.toString();
  return `/api/social/${option.platform}/connect${s ? `?${s}` : ""}`;
}
