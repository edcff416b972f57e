import "server-only";
import { sealData, unsealData } from "iron-session";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { accessRequests, organizations, type TAccessRequest, type TClientConnection } from "@/db/schema";
import { secureCookies } from "@/lib/env";
import { beginOAuth, type CookieToSet } from "@/lib/oauth";
import type { CallbackPurpose } from "@/lib/oauth/callback";
import type { TFailureCode } from "@/lib/errors/codes";
import { sealingPassword } from "@/lib/oauth/cookie";
import { batchGet, ZGraphRecord } from "@/lib/providers/facebook/ads";
import { META_CLIENT_ACCESS_SCOPES } from "@/lib/providers/facebook/config";
import { ProviderError } from "@/lib/providers/types";
import { fail } from "@/lib/action-errors";
import type { TSharedAsset } from "@/db/schema";
import { PENDING_CHOICE_TTL_SECONDS } from "@/lib/pending-choices";
import { findAssetChoices, pickFromChoices, storeAssetChoices, takeAssetChoices, type TAssetChoices } from "./choices";
import { isUsable, listConnectionAssets, metaCredentials, saveClientAuthorization, saveClientSelection, type TSelection } from "./connections";
import { AGENCY_ACCESS_CALLBACK_PATH, AGENCY_ACCESS_PURPOSE, agencyAccessLogin } from "./login";
import { accessLinkOfRequest, linkDeadReason, openAccessRequest } from "./requests";

/**
 * The client's side of an access link: start Facebook Login (state bound to this link and this
 * browser by the OAuth engine), finish it (code → 60-day token → client connection → what they may
 * share, as a pending choice), and the selector's binding to the browser that just authorized.
 */

/** Why a wizard step ended somewhere other than the selector; the wizard page words each one. */
export const ZWizardProblem = z.enum(["missing_scopes", "consent_denied", "expired_flow", "provider_unavailable", "failed", "revoked", "link_expired"]);
export type TWizardProblem = z.infer<typeof ZWizardProblem>;

/**
 * The selector's browser binding: a sealed cookie holding only the id of the pending choice
 * (`lib/agency/choices.ts`) the callback stored, so only the browser that just authorized can
 * open and confirm it. The choice itself expires by the database clock; the cookie lasts as long.
 */
const SESSION_COOKIE = "agency_access";
const SESSION_TTL_SECONDS = PENDING_CHOICE_TTL_SECONDS.agency_assets;
const ZSession = z.object({ p: z.uuid() });

async function choiceCookie(choiceId: string): Promise<CookieToSet> {
  const value = await sealData({ p: choiceId }, { password: sealingPassword(), ttl: SESSION_TTL_SECONDS });
  return { name: SESSION_COOKIE, value, options: { httpOnly: true, secure: secureCookies(), sameSite: "lax", path: "/", maxAge: SESSION_TTL_SECONDS } };
}

/** The cookie's name, for pages and actions that read it with next/headers. */
export const AGENCY_SESSION_COOKIE = SESSION_COOKIE;

/** The pending choice id this browser holds (null: no cookie, or one altered, foreign or past its hour). */
export async function choiceIdOf(rawCookie: string | undefined): Promise<string | null> {
  if (!rawCookie) return null;
  try {
    const data = ZSession.safeParse(await unsealData(rawCookie, { password: sealingPassword(), ttl: SESSION_TTL_SECONDS }));
    return data.success ? data.data.p : null;
  } catch {
    return null;
  }
}

/** Who is asking, for the wizard: the agency's name. */
export async function agencyNameOf(db: DbOrTx, request: TAccessRequest): Promise<string> {
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, request.organizationId));
  return org?.name ?? "An agency";
}

export type TBeginResult = { ok: true; redirectUrl: string; setCookie: CookieToSet } | { ok: false; reason: "unknown" | "revoked" | "expired" };

/** "Connect Meta": a Facebook Login flow for this link (no sign-in; the flow remembers the request, never the link's token). */
export async function beginClientAuthorization(db: DbOrTx, token: string): Promise<TBeginResult> {
  const opened = await openAccessRequest(db, token);
  if (!opened.ok) return opened;
  const { redirectUrl, setCookie } = await beginOAuth(db, {
    provider: agencyAccessLogin,
    platform: "facebook",
    purpose: AGENCY_ACCESS_PURPOSE,
    userId: null,
    organizationId: null,
    redirectPath: AGENCY_ACCESS_CALLBACK_PATH,
    returnToFallback: "/",
    extra: { accessRequestId: opened.request.id },
  });
  return { ok: true, redirectUrl, setCookie };
}

const ZPermissions = z.looseObject({ data: z.array(z.looseObject({ permission: z.string(), status: z.string() })) });

/** Who authorized and what they granted, in one upstream request (a batch of `me` and `me/permissions`). */
async function whoAndWhat(userToken: string): Promise<{ id: string; name: string | null; granted: string[] }> {
  const [me, permissions] = await batchGet({ token: userToken, creds: metaCredentials() }, ["me?fields=id,name", "me/permissions"], ZGraphRecord);
  if (!me || me instanceof ProviderError) throw me ?? new ProviderError("unknown", "empty batch answer");
  if (!permissions || permissions instanceof ProviderError) throw permissions ?? new ProviderError("unknown", "empty batch answer");
  const list = ZPermissions.safeParse(permissions);
  const id = typeof me.id === "string" ? me.id : null;
  if (!id || !list.success) throw new ProviderError("unknown", "Meta answered me or me/permissions without the expected fields");
  return {
    id,
    name: typeof me.name === "string" ? me.name : null,
    granted: list.data.data.filter((p) => p.status === "granted").map((p) => p.permission),
  };
}

const problemAt = (link: string, problem: TWizardProblem, missing: string[] = []) =>
  `${link}?problem=${problem}${missing.length ? `&missing=${encodeURIComponent(missing.join(","))}` : ""}`;

/** Where Facebook's return lands when the link cannot be known or no longer works. */
export const ACCESS_PROBLEM_PATH = "/access/problem";

/** The wizard's wording of a failure code of the one vocabulary. */
function problemOf(code: TFailureCode): TWizardProblem {
  if (code === "consent_denied" || code === "missing_scopes") return code;
  if (code === "provider_unavailable" || code === "provider_rate_limited" || code === "rate_limited") return "provider_unavailable";
  if (["state_missing", "state_mismatch", "state_used_or_expired", "code_used", "start_again", "invalid_grant"].includes(code)) return "expired_flow";
  return "failed";
}

/** The request a flow was started for (its id is in the flow's extra; never the link's token). */
async function requestOfFlow(db: DbOrTx, extra: unknown): Promise<TAccessRequest | null> {
  const id = z.uuid().safeParse(extra && typeof extra === "object" ? (extra as Record<string, unknown>).accessRequestId : undefined);
  if (!id.success) return null;
  const [row] = await db.select().from(accessRequests).where(eq(accessRequests.id, id.data));
  return row ?? null;
}

/** A link that no longer works ends in the polite dead end; a live one comes back to its own page. */
async function landing(db: DbOrTx, extra: unknown, problem: TWizardProblem, missing: string[] = []): Promise<string> {
  const row = await requestOfFlow(db, extra);
  const dead = row ? linkDeadReason(row) : null;
  if (dead) return `${ACCESS_PROBLEM_PATH}?problem=${dead === "revoked" ? "revoked" : "link_expired"}`;
  const link = row ? accessLinkOfRequest(row) : null;
  return link ? problemAt(link, problem, missing) : `${ACCESS_PROBLEM_PATH}?problem=${problem === "failed" ? "failed" : "expired_flow"}`;
}

/**
 * The `agency_access` purpose of the callback pipeline (lib/oauth/callback.ts): Facebook returns
 * a client without an account to /api/access/meta/callback; the engine has checked the state
 * against this browser's cookie and exchanged the code for the 60-day token. Every requested
 * permission must be granted (a declined one → the link's page naming it, with Try again); the
 * token goes on the request's one client connection (re-authorizing replaces token and expiry),
 * what the client may share is listed into the pending-choice store, and the browser goes on to
 * choose, holding only that choice's id in a sealed cookie.
 */
export const agencyAccessPurpose: CallbackPurpose<typeof AGENCY_ACCESS_PURPOSE> = {
  name: AGENCY_ACCESS_PURPOSE,
  provider: () => agencyAccessLogin,
  anonymous: true,
  callbackLimit: { scope: "access-callback", limit: 30, windowMs: 60_000, answer: "status" },
  failureLocation: ({ code, flow, missingScopes }, db) => landing(db, flow?.extra, problemOf(code), missingScopes),
  async handle(db, { flow, token }) {
    const row = await requestOfFlow(db, flow.extra);
    // A link revoked or lapsed while the client was at Facebook stores nothing.
    if (!row || linkDeadReason(row)) return { kind: "failed", code: "not_found" };
    const link = accessLinkOfRequest(row);
    if (!link) return { kind: "failed", code: "not_found" };
    const who = await whoAndWhat(token.accessToken);
    const missing = META_CLIENT_ACCESS_SCOPES.filter((s) => !who.granted.includes(s));
    if (missing.length) return { kind: "failed", code: "missing_scopes", missingScopes: missing };
    const connection = await saveClientAuthorization(db, row, {
      metaUserId: who.id,
      metaUserName: who.name,
      accessToken: token.accessToken,
      grantedScopes: who.granted.filter((s) => (META_CLIENT_ACCESS_SCOPES as readonly string[]).includes(s)),
      tokenExpiresAt: token.expiresIn ? new Date(Date.now() + token.expiresIn * 1000) : null,
    });
    // What they may share, listed once now (a dead or silent Meta ends here, as a failure of this
    // callback); the selector shows this list and Confirm checks the picks against it.
    const assets = await listConnectionAssets(connection);
    const choiceId = await storeAssetChoices(db, row, connection, assets);
    return { kind: "choose", location: `${link}/select`, cookies: [await choiceCookie(choiceId)] };
  },
};

/** Why the selector has nothing to show this browser: never authorized here, or past the hour. */
export type TSelectorState = { status: "none" } | { status: "expired" } | { status: "ready"; connection: TClientConnection; assets: TAssetChoices };

/** What the selector shows this browser for this link: the listing its pending choice holds, while the client connection can be used. */
export async function selectorState(db: DbOrTx, request: TAccessRequest, connection: TClientConnection | null, rawCookie: string | undefined): Promise<TSelectorState> {
  const choiceId = await choiceIdOf(rawCookie);
  if (!choiceId || !connection || !isUsable(connection)) return { status: "none" };
  const view = await findAssetChoices(db, request, choiceId);
  return view.status === "ready" ? { status: "ready", connection, assets: view.assets } : view;
}

/** Whether this browser confirmed the connection's current selection (the done page lists it only there). */
export async function confirmedHere(connection: TClientConnection | null, rawCookie: string | undefined): Promise<boolean> {
  const choiceId = await choiceIdOf(rawCookie);
  return !!choiceId && !!connection?.assetsSharedAt && connection.sharedFromChoiceId === choiceId;
}

/**
 * Confirm in the selector: only the browser that just authorized (its cookie holds the pending
 * choice's id), only while the link works, only assets the stored listing offers, and once — the
 * choice is taken (a second Confirm, or one from another link, finds nothing).
 */
export async function confirmWizardSelection(db: DbOrTx, token: string, rawSessionCookie: string | undefined, selection: TSelection): Promise<TSharedAsset[]> {
  const opened = await openAccessRequest(db, token);
  if (!opened.ok) fail("not_found", "This link no longer works. Ask the agency for a new one.");
  const choiceId = await choiceIdOf(rawSessionCookie);
  const connection = opened.connection;
  if (!choiceId || !connection) fail("forbidden", AGAIN_ON_THIS_DEVICE);
  if (!isUsable(connection)) fail("forbidden", "This authorization has expired. Connect Meta again.");
  // Refused before the choice is taken: an expired one stays to say so on the selector, and an
  // empty pick can still be corrected.
  const waiting = await findAssetChoices(db, opened.request, choiceId);
  if (waiting.status === "expired") fail("selection_expired", CHOOSING_EXPIRED);
  if (waiting.status === "ready" && pickFromChoices(waiting.assets, selection).length === 0) fail("invalid_input", "Choose at least one ad account, Page or Instagram account to share.");
  const taken = await takeAssetChoices(db, opened.request, choiceId);
  if (!taken.ok) fail(taken.code === "selection_expired" ? "selection_expired" : "forbidden", taken.code === "selection_expired" ? CHOOSING_EXPIRED : AGAIN_ON_THIS_DEVICE);
  const assets: TSharedAsset[] = pickFromChoices(taken.assets, selection);
  await saveClientSelection(db, taken.connectionId, assets, choiceId);
  return assets;
}

const AGAIN_ON_THIS_DEVICE = "Connect Meta again on this device to choose what to share.";
/** The expired selector's words (the select page says the same, with its button). */
export const CHOOSING_EXPIRED = "Choosing what to share stays open for an hour after you connect, and that hour has passed. Connect Meta again to see your accounts and Pages.";
