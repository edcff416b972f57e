/** Meta's error shape: {"error":{message,type,code,error_subcode?,error_user_title?,error_user_msg?,is_transient?,fbtrace_id}}. */
import { randomBytes } from "node:crypto";
import { json } from "../../core/http";
import type { RateLimitInfo, SandboxRequest } from "../../core/types";

export interface MetaErrorBody {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
}

export function fbtraceId(): string {
  return "A" + randomBytes(8).toString("base64url").slice(0, 10) + "_" + randomBytes(6).toString("base64url");
}

export function metaError(status: number, e: MetaErrorBody, headers: Record<string, string> = {}): Response {
  const error = { type: "OAuthException", ...e, fbtrace_id: fbtraceId() };
  // Meta sends WWW-Authenticate on OAuth errors; the JSON body is what clients read.
  return json({ error }, status, { "www-authenticate": `OAuth "Facebook Platform" "${error.type === "OAuthException" ? "invalid_token" : "invalid_request"}" "${e.message.replace(/"/g, "'")}"`, ...headers });
}

const fmtDate = (ms: number) =>
  new Date(ms).toLocaleString("en-US", {
    weekday: "long",
    day: "2-digit",
    month: "short",
    year: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
    timeZone: "America/Los_Angeles",
  }) + " PDT";

/** The errors the Graph API answers, by name. */
export const E = {
  noToken: (aboutMe: boolean) =>
    aboutMe
      ? metaError(400, { message: "An active access token must be used to query information about the current user.", code: 2500 })
      : metaError(400, { message: "An access token is required to request this resource.", code: 104 }),
  malformedToken: () => metaError(400, { message: "Invalid OAuth access token - Cannot parse access token", code: 190 }),
  expiredToken: (expiredAt: number, now: number) =>
    metaError(400, {
      message: `Error validating access token: Session has expired on ${fmtDate(expiredAt)}. The current time is ${fmtDate(now)}.`,
      code: 190,
      error_subcode: 463,
    }),
  revokedToken: (appId: string) =>
    metaError(400, { message: `Error validating access token: The user has not authorized application ${appId}.`, code: 190, error_subcode: 458 }),
  invalidatedToken: () =>
    metaError(400, {
      message: "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
      code: 190,
      error_subcode: 460,
    }),
  missingProof: () => metaError(400, { message: "API calls from the server require an appsecret_proof argument", type: "GraphMethodException", code: 100 }),
  badProof: () => metaError(400, { message: "Invalid appsecret_proof provided in the API argument", type: "GraphMethodException", code: 100 }),
  missingPermission: (perm: string, code = 10) =>
    metaError(403, { message: `(#${code}) This endpoint requires the '${perm}' permission.`, code }),
  manageObject: (perm: string) => metaError(403, { message: `(#200) Requires ${perm} permission to manage the object`, code: 200 }),
  needsPageToken: () => metaError(403, { message: "(#210) A page access token is required to request this resource.", code: 210 }),
  needsAppToken: () => metaError(400, { message: "(#15) This method must be called with an app access_token.", code: 15 }),
  unsupported: (method: string, id: string) =>
    metaError(400, {
      message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: "GraphMethodException",
      code: 100,
      error_subcode: 33,
    }),
  unknownPath: (path: string) => metaError(400, { message: `Unknown path components: ${path}`, code: 2500 }),
  param: (message: string, subcode?: number, extra: Partial<MetaErrorBody> = {}) =>
    metaError(400, { message: message.startsWith("(#") ? message : `(#100) ${message}`, code: 100, error_subcode: subcode, ...extra }),
  nonexistingField: (field: string, nodeType: string) =>
    metaError(400, { message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`, code: 100 }),
  serverError: () =>
    metaError(500, { message: "An unexpected error has occurred. Please retry your request later.", code: 2, is_transient: true }),
};

type TUsageScope = "ads_management" | "messenger" | "instagram" | "pages" | "app";

/** Which of Meta's limits a route counts toward (the same split as its throttling errors below). */
function usageScope(req: SandboxRequest): TUsageScope {
  if (/\/act_\d+/.test(req.path)) return "ads_management";
  if (/\/messages$/.test(req.path)) return "messenger";
  if (/\/(media|media_publish|content_publishing_limit)$/.test(req.path) || req.host === "graph.instagram.com") return "instagram";
  if (/\/(feed|photos|subscribed_apps|accounts)$/.test(req.path)) return "pages";
  return "app";
}

/**
 * The usage headers Meta adds to answers once an app has made enough calls: the share of the
 * limit used, in percent (100 = the next call is throttled). Page-token calls count toward the
 * Page's business use case (X-Business-Use-Case-Usage, keyed by the object id, with
 * `estimated_time_to_regain_access` in minutes); others toward the app (X-App-Usage).
 */
export function metaUsageHeaders(req: SandboxRequest, info: RateLimitInfo): Record<string, string> {
  const pct = Math.min(100, Math.floor((info.count * 100) / Math.max(1, info.limit)));
  const minutes = pct >= 100 ? Math.max(1, Math.ceil((info.resetAt - info.now) / 60_000)) : 0;
  const scope = usageScope(req);
  const usage = { call_count: pct, total_cputime: Math.floor(pct / 2), total_time: Math.floor(pct / 2) };
  if (scope === "app") return { "x-app-usage": JSON.stringify(usage) };
  const id = req.params.id ?? req.params.node ?? "0";
  return { "x-business-use-case-usage": JSON.stringify({ [id]: [{ type: scope, ...usage, estimated_time_to_regain_access: minutes }] }) };
}

/** The throttling error for a route: Page calls → #32, ads → #17/80004, Instagram → 80002, messaging → 80006, others → #4. */
export function metaRateLimited(req: SandboxRequest, info: RateLimitInfo): Response {
  const minutes = Math.max(1, Math.ceil((info.resetAt - info.now) / 60_000));
  const usage = JSON.stringify({ call_count: 100, total_cputime: 100, total_time: 100 });
  const id = req.params.id ?? req.params.node ?? "0";
  const buc = (type: string) =>
    JSON.stringify({ [id]: [{ type, call_count: 100, total_cputime: 100, total_time: 100, estimated_time_to_regain_access: minutes }] });
  switch (usageScope(req)) {
    case "ads_management":
      return metaError(400, { message: "(#80004) There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-management.", code: 80004, error_subcode: 2446079, is_transient: true }, { "x-business-use-case-usage": buc("ads_management"), "x-ad-account-usage": JSON.stringify({ acc_id_util_pct: 100, reset_time_duration: minutes * 60 }) });
    case "messenger":
      return metaError(400, { message: "(#80006) There have been too many messenger api calls to this Page account. Wait a bit and try again.", code: 80006, is_transient: true }, { "x-business-use-case-usage": buc("messenger") });
    case "instagram":
      return metaError(400, { message: "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.", code: 80002, is_transient: true }, { "x-business-use-case-usage": buc("instagram") });
    case "pages":
      return metaError(400, { message: "(#32) Page request limit reached", code: 32, is_transient: true }, { "x-page-usage": usage, "x-business-use-case-usage": buc("pages") });
    case "app":
      return metaError(403, { message: "(#4) Application request limit reached", code: 4, is_transient: true }, { "x-app-usage": usage });
  }
}
