// The provider settings that point the app at the sandbox: its URL and the sandbox's default
// app credentials. Used by `npm run dev` and the E2E setup; real credentials win when set.
import {
  FACEBOOK_APP,
  INSTAGRAM_APP,
  LINKEDIN_COMPANY_APP,
  LINKEDIN_PERSONAL_APP,
  META_WEBHOOK_VERIFY_TOKEN,
  THREADS_APP,
  X_APP,
} from "../sandbox/core/apps";
import { smtpPortFor } from "../sandbox/config";

export function sandboxAppEnv(sandboxUrl: string): Record<string, string> {
  return {
    SANDBOX_URL: sandboxUrl,
    // The sandbox's SMTP mailbox (http://…/__sandbox/mail).
    SMTP_URL: `smtp://${new URL(sandboxUrl).hostname}:${smtpPortFor(Number(new URL(sandboxUrl).port))}`,
    FACEBOOK_APP_ID: FACEBOOK_APP.clientId,
    FACEBOOK_APP_SECRET: FACEBOOK_APP.clientSecret,
    META_WEBHOOK_VERIFY_TOKEN,
    // The sandbox app has the Human Agent permission.
    META_HUMAN_AGENT: "true",
    INSTAGRAM_APP_ID: INSTAGRAM_APP.clientId,
    INSTAGRAM_APP_SECRET: INSTAGRAM_APP.clientSecret,
    THREADS_APP_ID: THREADS_APP.clientId,
    THREADS_APP_SECRET: THREADS_APP.clientSecret,
    X_CLIENT_ID: X_APP.clientId,
    X_CLIENT_SECRET: X_APP.clientSecret,
    LINKEDIN_CLIENT_ID: LINKEDIN_PERSONAL_APP.clientId,
    LINKEDIN_CLIENT_SECRET: LINKEDIN_PERSONAL_APP.clientSecret,
    LINKEDIN_COMPANY_CLIENT_ID: LINKEDIN_COMPANY_APP.clientId,
    LINKEDIN_COMPANY_CLIENT_SECRET: LINKEDIN_COMPANY_APP.clientSecret,
  };
}
