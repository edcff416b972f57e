import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { connectorOauthSessions } from "@/db/schema";
import { listAllowedOrigins, normalizeOrigin } from "@/lib/api-keys";
import { encryptToken } from "@/lib/crypto";
import { env } from "@/lib/env";
import { childLogger } from "@/lib/log";
import { beginOAuth, oauthRedirect, redirectUriFor, type TOAuthFlow } from "@/lib/oauth";
// Types only: the pipeline (lib/oauth/callback.ts) imports this purpose through its registry.
import type { CallbackPurpose } from "@/lib/oauth/callback";
import { noticePage } from "@/lib/oauth/notice";
import { facebookLogin } from "@/lib/providers/facebook/login";
import { ApiError } from "./errors";
import { hashSecret } from "./service";
import type { z } from "zod";
import type { ZOAuthInitiate } from "./schemas";

/**
 * Server-side OAuth for connectors: `initiate` gives the program a consent link; the end user's
 * browser opens it (we set the flow cookie and send them to Facebook Login with the Marketing
 * scopes); the callback keeps the long-lived token and sends the browser to the program's
 * `redirect_url?secret_id=…`. The secret id is single-use (consumed by POST /connectors), bound
 * to the organization and the external user, and expires with the session, 10 minutes after
 * initiate.
 */

const log = childLogger({ module: "connector-oauth" });

export const CONNECTOR_OAUTH_PURPOSE = "connector_oauth";
/** The platform of the consent (the connectors are Meta Marketing API ones). */
export const CONNECTOR_OAUTH_PLATFORM = "facebook";
export const CONNECTOR_OAUTH_CALLBACK_PATH = "/api/v1/integrations/connectors/oauth/callback";
export const CONNECTOR_OAUTH_CONSENT_PATH = "/api/v1/integrations/connectors/oauth/consent";
const SESSION_TTL_SECONDS = 600;

/** The `connector` Facebook Login (Marketing scopes); the engine exchanges the code and makes the token long-lived. */
export const facebookMarketingLogin = facebookLogin("connector");

/** O6: https (or http on localhost) and an origin the organization allowed; else validation_failed. */
async function checkRedirectUrl(db: DbOrTx, organizationId: string, raw: string): Promise<string> {
  const origin = normalizeOrigin(raw);
  const bad = (message: string) => new ApiError("validation_failed", message, { issues: [{ path: "redirect_url", message }] });
  if (!origin) throw bad("redirect_url must be an absolute https URL (http only on localhost).");
  const allowed = await listAllowedOrigins(db, organizationId);
  if (!allowed.includes(origin)) throw bad(`${origin} is not an allowed redirect origin: add it in Settings → API keys.`);
  const u = new URL(raw.trim());
  u.hash = "";
  return u.toString();
}

export async function initiateOAuth(db: DbOrTx, organizationId: string, input: z.output<typeof ZOAuthInitiate>): Promise<{ consent_url: string }> {
  const redirectUrl = await checkRedirectUrl(db, organizationId, input.redirect_url);
  const start = randomBytes(32).toString("base64url");
  await db.insert(connectorOauthSessions).values({
    id: randomUUID(),
    organizationId,
    externalUserId: input.external_user_id,
    connectorType: input.connector_type,
    redirectUrl,
    startHash: hashSecret(start),
    expiresAt: sql`now() + make_interval(secs => ${SESSION_TTL_SECONDS})`,
  });
  return { consent_url: `${redirectUriFor(CONNECTOR_OAUTH_CONSENT_PATH)}?session=${start}` };
}

const page = (status: number, title: string, message: string): Response => noticePage(status, { title, message });

/** The consent link: binds the browser to a new flow and sends it to Facebook Login. */
export async function startConsent(db: DbOrTx, request: Request): Promise<Response> {
  const start = new URL(request.url).searchParams.get("session");
  const expired = () => page(410, "This link has expired", "Consent links work once, for 10 minutes. Go back to the app that sent you and start again.");
  if (!start || start.length > 100) return expired();
  const [session] = await db
    .select()
    .from(connectorOauthSessions)
    .where(and(eq(connectorOauthSessions.startHash, hashSecret(start)), gt(connectorOauthSessions.expiresAt, sql`now()`), isNull(connectorOauthSessions.secretHash)))
    .limit(1);
  if (!session) return expired();
  try {
    const { redirectUrl, setCookie } = await beginOAuth(db, {
      provider: facebookMarketingLogin,
      platform: CONNECTOR_OAUTH_PLATFORM,
      purpose: CONNECTOR_OAUTH_PURPOSE,
      userId: null,
      organizationId: session.organizationId,
      redirectPath: CONNECTOR_OAUTH_CALLBACK_PATH,
      extra: { sessionId: session.id },
    });
    return oauthRedirect(redirectUrl, [setCookie]);
  } catch {
    return page(503, "Facebook is not set up", "This Switchboard has no Meta app configured. Tell the app that sent you.");
  }
}

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

const cannotComplete = (message: string): Response => page(400, "This sign-in cannot be completed", message);
const USED_OR_EXPIRED = "The link was already used or has expired. Go back to the app that sent you and start again.";

/** The consent session a verified flow was started for: live, not yet used, of the flow's organization; else null. */
async function sessionOfFlow(db: DbOrTx, flow: TOAuthFlow | undefined) {
  const sessionId = typeof flow?.extra.sessionId === "string" ? flow.extra.sessionId : null;
  if (!flow || !sessionId) return null;
  const [session] = await db
    .select()
    .from(connectorOauthSessions)
    .where(and(eq(connectorOauthSessions.id, sessionId), gt(connectorOauthSessions.expiresAt, sql`now()`), isNull(connectorOauthSessions.secretHash)))
    .limit(1);
  return session && session.organizationId === flow.organizationId ? session : null;
}

/**
 * The `connector_oauth` purpose of the callback pipeline (Facebook's callback at
 * CONNECTOR_OAUTH_CALLBACK_PATH): it answers another application, so it lands on that
 * application's `redirect_url` — `?secret_id=…` with the long-lived token kept, `?error=<code>`
 * on a failure — and, when the consent session is gone (used, expired, or a flow that was never
 * verified), on a 400 page of ours, since there is no application left to send the browser to.
 */
export const connectorOAuthPurpose: CallbackPurpose<typeof CONNECTOR_OAUTH_PURPOSE> = {
  name: CONNECTOR_OAUTH_PURPOSE,
  provider: () => facebookMarketingLogin,
  // The end user of another application, not signed in here; the flow is bound to the session's organization.
  anonymous: true,
  // No callbackLimit: the route (lib/connectors/http.ts) limits it and answers the API's JSON 429.
  async failureLocation({ code, flow }, db) {
    const session = await sessionOfFlow(db, flow);
    if (!session) return cannotComplete(USED_OR_EXPIRED);
    log.info({ failure: code }, "connector oauth failed");
    return withQuery(session.redirectUrl, { error: code });
  },
  async handle(db, { flow, token }) {
    const session = await sessionOfFlow(db, flow);
    if (!session) return { kind: "answer", response: cannotComplete(USED_OR_EXPIRED) };
    const secret = `sos_${randomBytes(32).toString("base64url")}`;
    const expiresIn = token.expiresIn;
    const updated = await db
      .update(connectorOauthSessions)
      .set({
        secretHash: hashSecret(secret),
        accessToken: encryptToken(token.accessToken, { table: "connector_oauth_sessions", id: session.id, field: "access_token" }),
        scopes: token.scopes ?? [],
        tokenExpiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      })
      .where(and(eq(connectorOauthSessions.id, session.id), isNull(connectorOauthSessions.secretHash)))
      .returning({ id: connectorOauthSessions.id });
    if (updated.length === 0) return { kind: "answer", response: cannotComplete("The link was already used. Go back to the app that sent you and start again.") };
    return { kind: "done", location: withQuery(session.redirectUrl, { secret_id: secret }) };
  },
};
