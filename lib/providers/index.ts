import "server-only";
import type { OAuthProvider, Platform, Provider } from "./types";
import { PLATFORMS } from "./types";
import { facebookProvider } from "./facebook/provider";
import { instagramProvider } from "./instagram/provider";
import { instagramLoginProvider } from "./instagram_login/provider";
import { linkedinProvider } from "./linkedin/provider";
import { telegramProvider } from "./telegram/provider";
import { threadsProvider } from "./threads/provider";
import { xProvider } from "./x/provider";

/**
 * The provider registry: one line per platform. Adding a platform = one folder + one line here.
 * `satisfies Record<Platform, Provider>`: a platform without a provider is a type error.
 */
export const providers = {
  x: xProvider,
  linkedin: linkedinProvider,
  threads: threadsProvider,
  telegram: telegramProvider,
  facebook: facebookProvider,
  instagram: instagramProvider,
  instagram_login: instagramLoginProvider,
} satisfies Record<Platform, Provider>;

export function isPlatform(value: unknown): value is Platform {
  return typeof value === "string" && (PLATFORMS as readonly string[]).includes(value);
}

/** The provider for a platform name from a URL or a row, or undefined. */
export function getProvider(platform: string): Provider | undefined {
  return isPlatform(platform) ? providers[platform] : undefined;
}

/** The OAuth provider for a platform, or undefined (unknown platform, or one that connects without OAuth). */
export function getOAuthProvider(platform: string): OAuthProvider | undefined {
  const p = getProvider(platform);
  return p?.kind === "oauth2" ? p : undefined;
}

/**
 * The OAuth target a stored connection belongs to (LinkedIn `personal` | `company`…): its app
 * type when the provider has such a target, else the provider's first (default) target.
 */
export function targetOf(provider: Pick<OAuthProvider, "oauth">, appType: string): string {
  const targets = provider.oauth.targets as readonly string[];
  return targets.includes(appType) ? appType : (targets[0] ?? "default");
}

export { PLATFORMS, type Platform, type Provider };
