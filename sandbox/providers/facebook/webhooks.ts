/**
 * Meta webhooks: app-level subscriptions (POST /{app-id}/subscriptions verifies the callback
 * with a hub.challenge GET first), and delivery of signed Messenger / Instagram events through
 * the control API — only when both the app level and the Page (or Instagram account) level
 * subscribe to `messages`.
 */
import { createHmac, randomInt } from "node:crypto";
import { FACEBOOK_APP, INSTAGRAM_APP } from "../../core/apps";
import { json, param, withParams } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { instagramModule } from "../instagram";
import { IG_LOGIN } from "../instagram/fixtures";
import { E, metaError } from "../meta/errors";
import { authenticate, graphRoute, hmacHex } from "../meta/graph";
import { FB } from "./fixtures";
import { messageId } from "./messaging";
import type { AppSubscription, FacebookState } from "./state";

const OBJECTS = ["page", "instagram", "user", "permissions", "application", "whatsapp_business_account"];

function parseList(raw: string | undefined): string[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    if (Array.isArray(v)) return v.map(String);
  } catch {
    // comma-separated
  }
  return raw.split(",").map((s) => s.trim()).filter(Boolean);
}

/** The GET Meta sends to a callback before accepting a subscription; the body must echo hub.challenge. */
async function verifyCallback(callbackUrl: string, verifyToken: string): Promise<string | undefined> {
  const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
  let res: Response;
  try {
    res = await fetch(withParams(callbackUrl, { "hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": verifyToken }), {
      signal: AbortSignal.timeout(10_000),
      headers: { "user-agent": "facebookplatform/1.0 (+http://developers.facebook.com)" },
    });
  } catch (err) {
    return `Couldn't connect to server (${(err as Error).message})`;
  }
  const body = (await res.text()).trim();
  if (res.status !== 200) return `HTTP Status Code = ${res.status}; HTTP Message = ${res.statusText || "error"}`;
  if (body !== challenge) return `Response does not match challenge, expected value="${challenge}", received="${body.slice(0, 100)}"`;
  return undefined;
}

export function webhookRoutes(stateOf: (ctx: SandboxContext) => FacebookState): Route[] {
  const appCaller = (req: SandboxRequest, ctx: SandboxContext) => {
    const appId = req.params.id!;
    const app = ctx.oauth.getApp(appId);
    if (!app || (app.provider !== "facebook" && app.provider !== "instagram")) return E.unsupported(req.method, appId);
    const caller = authenticate(req, ctx, app.provider);
    if (caller instanceof Response) return caller;
    if (caller.token.kind !== "app" || caller.token.clientId !== appId) return E.needsAppToken();
    return caller;
  };

  const subs = (ctx: SandboxContext, appId: string) => {
    const state = stateOf(ctx);
    let m = state.appSubs.get(appId);
    if (!m) state.appSubs.set(appId, (m = new Map()));
    return m;
  };

  return [
    ...graphRoute("graph.facebook.com", "GET", "/{id}/subscriptions", (req, ctx) => {
      const caller = appCaller(req, ctx);
      if (caller instanceof Response) return caller;
      const data = [...subs(ctx, req.params.id!).values()].map((s) => ({
        object: s.object,
        callback_url: s.callbackUrl,
        active: s.active,
        fields: s.fields.map((name) => ({ name, version: "v24.0" })),
      }));
      return json({ data });
    }),
    ...graphRoute("graph.facebook.com", "POST", "/{id}/subscriptions", async (req, ctx) => {
      const caller = appCaller(req, ctx);
      if (caller instanceof Response) return caller;
      const object = param(req, "object");
      const callbackUrl = param(req, "callback_url");
      const verifyToken = param(req, "verify_token") ?? "";
      const fields = parseList(param(req, "fields"));
      if (!object || !OBJECTS.includes(object)) return E.param(`(#100) Param object must be one of {${OBJECTS.join(", ")}}`);
      const existing = subs(ctx, req.params.id!).get(object);
      if (!callbackUrl && !existing) return E.param("(#100) Param callback_url is required for a new subscription");
      const url = callbackUrl ?? existing!.callbackUrl;
      try {
        if (!/^https?:$/.test(new URL(url).protocol)) throw new Error();
      } catch {
        return E.param("(#100) Param callback_url must be a valid URL");
      }
      const failure = await verifyCallback(url, verifyToken);
      if (failure) return metaError(400, { message: `(#2200) callback verification failed: ${failure}`, code: 2200 });
      const merged = [...new Set([...(existing && existing.callbackUrl === url ? existing.fields : []), ...fields])];
      subs(ctx, req.params.id!).set(object, { object, callbackUrl: url, verifyToken, fields: merged, active: true });
      return json({ success: true });
    }),
    ...graphRoute("graph.facebook.com", "DELETE", "/{id}/subscriptions", (req, ctx) => {
      const caller = appCaller(req, ctx);
      if (caller instanceof Response) return caller;
      const object = param(req, "object");
      const fields = parseList(param(req, "fields"));
      const m = subs(ctx, req.params.id!);
      if (!object) m.clear();
      else if (fields.length && m.get(object)) m.get(object)!.fields = m.get(object)!.fields.filter((f) => !fields.includes(f));
      else m.delete(object);
      return json({ success: true });
    }),
  ];
}

export interface DeliveryReport {
  delivered: boolean;
  reason?: string;
  callbackUrl?: string;
  status?: number;
  responseBody?: string;
  signature?: string;
  payload: unknown;
  mid: string;
  senderId: string;
}

/** Build, sign and deliver one incoming message event; the sender's 24-hour window opens either way. */
export async function deliverMetaMessage(ctx: SandboxContext, state: FacebookState, input: Record<string, unknown>): Promise<DeliveryReport | Response> {
  const object = String(input.object ?? "page");
  const text = String(input.text ?? "Hello from the sandbox");
  const now = ctx.clock.now();
  const mid = messageId();
  let accountId: string;
  let levelFields: string[] | undefined;
  let appSub: AppSubscription | undefined;
  let secret: string;
  const fbSub = (obj: string) => state.appSubs.get(FACEBOOK_APP.clientId)?.get(obj);

  if (object === "page") {
    accountId = String(input.pageId ?? "");
    if (!FB.page(accountId)) return json({ error: `Unknown pageId "${accountId}"` }, 400);
    levelFields = state.pageSubs.get(accountId);
    appSub = fbSub("page");
    secret = FACEBOOK_APP.clientSecret;
    state.inbound.set(`${accountId}:${senderOf(input, accountId)}`, now);
  } else if (object === "instagram") {
    accountId = String(input.igId ?? "");
    const viaPage = FB.ig(accountId);
    const viaLogin = IG_LOGIN.account(accountId);
    if (viaPage?.pageId) {
      levelFields = state.pageSubs.get(viaPage.pageId);
      appSub = fbSub("instagram");
      secret = FACEBOOK_APP.clientSecret;
      state.inbound.set(`${accountId}:${senderOf(input, accountId)}`, now);
    } else if (viaLogin) {
      const ig = ctx.state(instagramModule);
      levelFields = ig.subscriptions.get(accountId);
      appSub = fbSub("instagram") ?? state.appSubs.get(INSTAGRAM_APP.clientId)?.get("instagram");
      // Instagram Login events are signed with the Instagram app secret.
      secret = INSTAGRAM_APP.clientSecret;
      ig.inbound.set(`${accountId}:${senderOf(input, accountId)}`, now);
    } else return json({ error: `Unknown igId "${accountId}" (neither linked to a Page nor an Instagram Login account)` }, 400);
  } else return json({ error: `object must be "page" or "instagram"` }, 400);

  const senderId = senderOf(input, accountId);
  const message: Record<string, unknown> = { mid, text };
  if (typeof input.attachmentUrl === "string") message.attachments = [{ type: "image", payload: { url: input.attachmentUrl } }];
  const payload = {
    object,
    entry: [{ id: accountId, time: now, messaging: [{ sender: { id: senderId }, recipient: { id: accountId }, timestamp: now, message }] }],
  };
  const base = { payload, mid, senderId };
  if (!appSub?.fields.includes("messages")) return { ...base, delivered: false, reason: `No app-level subscription to "messages" for object "${object}"` };
  if (!levelFields?.includes("messages")) {
    return { ...base, delivered: false, reason: `The ${object === "page" ? "Page" : "account"} is not subscribed to "messages" (subscribed_apps)`, callbackUrl: appSub.callbackUrl };
  }
  const body = JSON.stringify(payload);
  const signature = `sha256=${hmacHex(secret, body)}`;
  try {
    const res = await fetch(appSub.callbackUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signature, "x-hub-signature": `sha1=${hmacSha1(secret, body)}`, "user-agent": "facebookexternalua" },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    const responseBody = (await res.text()).slice(0, 500);
    return { ...base, delivered: res.ok, status: res.status, responseBody, signature, callbackUrl: appSub.callbackUrl, reason: res.ok ? undefined : "The callback answered an error" };
  } catch (err) {
    return { ...base, delivered: false, reason: `Couldn't connect to the callback: ${(err as Error).message}`, signature, callbackUrl: appSub.callbackUrl };
  }
}

function senderOf(input: Record<string, unknown>, accountId: string): string {
  if (typeof input.senderId === "string" && input.senderId) return input.senderId;
  // A stable default customer per account, so repeated events form one conversation.
  return "7" + accountId.slice(-15).padStart(15, "1");
}

function hmacSha1(key: string, body: string): string {
  return createHmac("sha1", key).update(body).digest("hex");
}
