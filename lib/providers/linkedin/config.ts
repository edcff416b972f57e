import type { OAuthConfig } from "@/lib/providers/types";
import { standardTokenSchema } from "@/lib/providers/token-schema";
import { LINKEDIN_TARGETS } from "./catalog";

export const LINKEDIN_API = "https://api.linkedin.com";

/** Profile: Sign In with LinkedIn (OpenID) + Share on LinkedIn. */
export const LINKEDIN_PERSONAL_SCOPES = ["openid", "profile", "w_member_social"] as const;
/** Company pages: Community Management API (its app may have no other product, so no OpenID). */
export const LINKEDIN_COMPANY_SCOPES = ["r_organization_admin", "w_organization_social"] as const;

/**
 * LinkedIn 3-legged OAuth. Two apps share one callback: `LINKEDIN_*` for profiles and
 * `LINKEDIN_COMPANY_*` for company pages; the target is carried in the flow record.
 */
export const linkedinOAuth = {
  authorizeUrl: "https://www.linkedin.com/oauth/v2/authorization",
  tokenUrl: "https://www.linkedin.com/oauth/v2/accessToken",
  scopes: (target) => (target === "company" ? LINKEDIN_COMPANY_SCOPES : LINKEDIN_PERSONAL_SCOPES),
  scopeSeparator: " ",
  pkce: false,
  tokenAuthMethod: "body",
  credentials: (env, target) =>
    target === "company"
      ? env.LINKEDIN_COMPANY_CLIENT_ID && env.LINKEDIN_COMPANY_CLIENT_SECRET
        ? { clientId: env.LINKEDIN_COMPANY_CLIENT_ID, clientSecret: env.LINKEDIN_COMPANY_CLIENT_SECRET }
        : null
      : env.LINKEDIN_CLIENT_ID && env.LINKEDIN_CLIENT_SECRET
        ? { clientId: env.LINKEDIN_CLIENT_ID, clientSecret: env.LINKEDIN_CLIENT_SECRET }
        : null,
  tokenSchema: standardTokenSchema,
  targets: LINKEDIN_TARGETS,
  // Only approved partner apps receive refresh tokens (365 days, not rolling); others reconnect every 60 days.
  refreshable: true,
  refreshBufferSeconds: 24 * 3600,
} satisfies OAuthConfig;
