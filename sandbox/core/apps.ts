/**
 * Default sandbox app credentials. The app's dev script imports these to configure itself,
 * so `npm run dev` needs no setup. Redirect URIs = every origin in SANDBOX_APP_ORIGINS × the
 * app's callback paths, matched exactly.
 */
import type { RegisteredApp } from "./oauth";

export const FACEBOOK_APP = {
  provider: "facebook",
  clientId: "100000000000001",
  clientSecret: "sandbox-facebook-app-secret",
  name: "Switchboard (sandbox)",
  callbackPaths: [
    "/api/social/facebook/callback",
    "/api/social/instagram/callback",
    "/integrations/meta-messaging/oauth/callback",
    "/api/access/meta/callback",
    "/api/v1/integrations/connectors/oauth/callback",
  ],
} as const;

export const INSTAGRAM_APP = {
  provider: "instagram",
  clientId: "200000000000002",
  clientSecret: "sandbox-instagram-app-secret",
  name: "Switchboard (sandbox)",
  callbackPaths: ["/api/social/instagram_login/callback", "/api/auth/instagram/callback"],
} as const;

export const THREADS_APP = {
  provider: "threads",
  clientId: "300000000000003",
  clientSecret: "sandbox-threads-app-secret",
  name: "Switchboard (sandbox)",
  callbackPaths: ["/api/social/threads/callback"],
} as const;

export const X_APP = {
  provider: "x",
  clientId: "sandbox-x-client-id",
  clientSecret: "sandbox-x-client-secret",
  name: "Switchboard (sandbox)",
  callbackPaths: ["/api/social/x/callback"],
} as const;

export const LINKEDIN_PERSONAL_APP = {
  provider: "linkedin",
  clientId: "sandboxlinkedinpersonal",
  clientSecret: "sandbox-linkedin-personal-secret",
  name: "Switchboard (sandbox)",
  callbackPaths: ["/api/social/linkedin/callback"],
} as const;

export const LINKEDIN_COMPANY_APP = {
  provider: "linkedin",
  clientId: "sandboxlinkedincompany",
  clientSecret: "sandbox-linkedin-company-secret",
  name: "Switchboard Pages (sandbox)",
  callbackPaths: ["/api/social/linkedin/callback"],
} as const;

/** The verify token the dev app uses for Meta webhook subscriptions. */
export const META_WEBHOOK_VERIFY_TOKEN = "sandbox-verify-token";

export const DEFAULT_APP_ORIGINS = ["http://localhost:3000"];

export const SANDBOX_APPS = [FACEBOOK_APP, INSTAGRAM_APP, THREADS_APP, X_APP, LINKEDIN_PERSONAL_APP, LINKEDIN_COMPANY_APP];

type AppDefinition = (typeof SANDBOX_APPS)[number];

/** Exact redirect URIs for one app: each origin × each callback path. */
export function redirectUrisFor(app: Pick<AppDefinition, "callbackPaths">, appOrigins: string[]): string[] {
  return appOrigins.flatMap((o) => app.callbackPaths.map((p) => o.replace(/\/+$/, "") + p));
}

/** The registered apps the sandbox starts with. */
export function defaultApps(appOrigins: string[]): RegisteredApp[] {
  return SANDBOX_APPS.map((a) => ({
    provider: a.provider,
    clientId: a.clientId,
    clientSecret: a.clientSecret,
    name: a.name,
    redirectUris: redirectUrisFor(a, appOrigins),
  }));
}
