/**
 * Meta webhooks: app-level subscriptions (POST /{app-id}/subscriptions verifies the callback
 * with a hub.challenge GET first), and delivery of signed Messenger events (messages,
 * message_deliveries, message_reads, message_echoes) and Instagram `messages` events (incoming
 * and echoes) through the control API — each only when both the app level and the Page (or
 * Instagram account) level subscribe to its field.
 */
import { createHmac, randomInt } from "node:crypto";
import { FACEBOOK_APP, INSTAGRAM_APP } from "../../core/apps";
import { json, param, withParams } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { instagramModule } from "../instagram";
import { IG_LOGIN } from "../instagram/fixtures";
import { E, metaError } from "../meta/errors";
import { authenticate, graphRoute, hmacHex } from "../meta/graph";
import { ATTACHMENT_HOSTS, attachmentUrl } from "../cdn";
import { FB } from "./fixtures";
import { messageId } from "./messaging";
import { addThreadMessage, type Threads } from "../meta/threads";
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

/** Events the control API builds, and the webhook field each one is delivered under. */
export type MetaEventKind = "message" | "delivery" | "read" | "echo";
const PAGE_FIELDS: Record<MetaEventKind, string> = { message: "messages", delivery: "message_deliveries", read: "message_reads", echo: "message_echoes" };
/** Instagram has no delivery field; reads come under `messaging_seen` (`read:{mid}`), echoes under `messages` with `is_echo`. */
const INSTAGRAM_FIELDS: Partial<Record<MetaEventKind, string>> = { message: "messages", echo: "messages", read: "messaging_seen" };

export interface EventReport {
  event: MetaEventKind;
  field: string;
  accountId: string;
  included: boolean;
  reason?: string;
  mid?: string;
}

export interface DeliveryReport {
  delivered: boolean;
  reason?: string;
  callbackUrl?: string;
  status?: number;
  responseBody?: string;
  signature?: string;
  /** What was POSTed; when nothing was, what would have been. */
  payload: unknown;
  /** The first event's message id (message and echo events) and customer id. */
  mid?: string;
  senderId: string;
  events: EventReport[];
}

/** Where one event goes: its account, the subscriptions that gate it, the secret that signs it. */
interface Target {
  object: "page" | "instagram";
  accountId: string;
  levelFields: string[] | undefined;
  levelName: string;
  appSub: AppSubscription | undefined;
  secret: string;
  /** The 24-hour window map an incoming message opens. */
  inbound: Map<string, number>;
  /** Where an incoming message is kept (Conversations API). */
  threads: Threads;
  /**
   * The field the account level must have for an app-level field: for Instagram via a Page,
   * the Page's subscription (any Instagram field rides on the Page's `messages`).
   */
  levelField: (field: string) => string;
}

export function resolveTarget(ctx: SandboxContext, state: FacebookState, input: Record<string, unknown>): Target | Response {
  const object = String(input.object ?? "page");
  const fbSub = (obj: string) => state.appSubs.get(FACEBOOK_APP.clientId)?.get(obj);
  if (object === "page") {
    const accountId = String(input.pageId ?? "");
    if (!FB.page(accountId)) return json({ error: `Unknown pageId "${accountId}"` }, 400);
    return { object, accountId, levelFields: state.pageSubs.get(accountId), levelName: "Page", appSub: fbSub("page"), secret: FACEBOOK_APP.clientSecret, inbound: state.inbound, threads: state.threads, levelField: (f) => f };
  }
  if (object === "instagram") {
    const accountId = String(input.igId ?? "");
    const viaPage = FB.ig(accountId);
    if (viaPage?.pageId) {
      return { object, accountId, levelFields: state.pageSubs.get(viaPage.pageId), levelName: "Page", appSub: fbSub("instagram"), secret: FACEBOOK_APP.clientSecret, inbound: state.inbound, threads: state.threads, levelField: () => "messages" };
    }
    if (IG_LOGIN.account(accountId)) {
      const ig = ctx.state(instagramModule);
      return {
        object,
        accountId,
        levelFields: ig.subscriptions.get(accountId),
        levelName: "account",
        appSub: fbSub("instagram") ?? state.appSubs.get(INSTAGRAM_APP.clientId)?.get("instagram"),
        // Instagram Login events are signed with the Instagram app secret.
        secret: INSTAGRAM_APP.clientSecret,
        inbound: ig.inbound,
        threads: ig.threads,
        levelField: (f) => f,
      };
    }
    return json({ error: `Unknown igId "${accountId}" (neither linked to a Page nor an Instagram Login account)` }, 400);
  }
  return json({ error: `object must be "page" or "instagram"` }, 400);
}

interface BuiltEvent {
  kind: MetaEventKind;
  field: string;
  target: Target;
  senderId: string;
  mid?: string;
  item: Record<string, unknown>;
}

/** One `messaging[]` item in Meta's documented shape for its kind. */
function buildEvent(ctx: SandboxContext, target: Target, input: Record<string, unknown>, now: number): BuiltEvent | Response {
  const kind = String(input.event ?? "message") as MetaEventKind;
  if (!(kind in PAGE_FIELDS)) return json({ error: `event must be one of ${Object.keys(PAGE_FIELDS).join(", ")}` }, 400);
  const field = target.object === "page" ? PAGE_FIELDS[kind] : INSTAGRAM_FIELDS[kind];
  if (!field) return json({ error: `Instagram has no webhook field for "${kind}" events (only Messenger sends message_deliveries)` }, 400);
  const account = target.accountId;
  const customer = senderOf(input, account);
  // What this account sent this person through the Send API, newest last.
  const sent = ctx.messages().filter((m) => m.from === account && m.to === customer);
  const attachments = attachmentsOf(target, input, now);
  if (attachments instanceof Response) return attachments;
  const base = { kind, field, target, senderId: customer };

  if (kind === "message") {
    const mid = typeof input.mid === "string" ? input.mid : messageId();
    const message: Record<string, unknown> = { mid, text: String(input.text ?? "Hello from the sandbox") };
    if (attachments) message.attachments = attachments;
    return { ...base, mid, item: { sender: { id: customer }, recipient: { id: account }, timestamp: now, message } };
  }
  if (kind === "echo") {
    // By default the echo of the last message the app sent this person; else one "sent from the inbox".
    const last = sent.at(-1);
    const mid = typeof input.mid === "string" ? input.mid : (last?.id ?? messageId());
    const message: Record<string, unknown> = { mid, is_echo: true };
    if (target.object === "page") message.app_id = Number(input.appId ?? FACEBOOK_APP.clientId);
    if (typeof input.metadata === "string") message.metadata = input.metadata;
    const text = input.text ?? (typeof input.mid === "string" ? undefined : last?.text);
    if (text !== undefined || !attachments) message.text = String(text ?? "Hello from the sandbox");
    if (attachments) message.attachments = attachments;
    return { ...base, mid, item: { sender: { id: account }, recipient: { id: customer }, timestamp: now, message } };
  }
  const watermark = input.watermark === undefined ? now : Number(input.watermark);
  if (kind === "delivery") {
    // `mids` "may not be present"; by default the messages sent to this person, when there are any.
    const mids = Array.isArray(input.mids) ? input.mids.map(String) : sent.map((m) => m.id);
    const delivery: Record<string, unknown> = mids.length ? { mids, watermark } : { watermark };
    return { ...base, item: { sender: { id: customer }, recipient: { id: account }, delivery } };
  }
  if (target.object === "instagram") {
    // messaging_seen: the message the person saw (by default the last one sent to them).
    const mid = typeof input.mid === "string" ? input.mid : sent.at(-1)?.id;
    if (!mid) return json({ error: "No message was sent to this person yet; give mid" }, 400);
    return { ...base, item: { sender: { id: customer }, recipient: { id: account }, timestamp: now, read: { mid } } };
  }
  return { ...base, item: { sender: { id: customer }, recipient: { id: account }, timestamp: now, read: { watermark } } };
}

/**
 * The attachment types Meta's webhooks document per channel (Messenger: `image|video|audio|file|
 * fallback|reel|ig_reel`; Instagram: `image|video|audio|file|share|story_mention|ig_reel|reel`).
 * Media carry `payload.url` (a signed CDN URL); links carry `payload.url` and, for fallback and
 * reels, `payload.title` (reels also `reel_video_id`).
 */
const ATTACHMENT_TYPES = {
  page: ["image", "video", "audio", "file", "fallback", "reel", "ig_reel"],
  instagram: ["image", "video", "audio", "file", "share", "story_mention", "ig_reel", "reel"],
} as const;

/**
 * A message's `attachments` from the control input: `attachmentType` (default image when only a
 * URL is given), `attachmentUrl` (else the sandbox CDN's URL for that type), `attachmentName` (a
 * file's name), `attachmentTitle` (links). A type the channel does not send is refused.
 */
function attachmentsOf(target: Target, input: Record<string, unknown>, now: number): Array<Record<string, unknown>> | Response | undefined {
  if (input.attachmentType === undefined && typeof input.attachmentUrl !== "string") return undefined;
  const type = String(input.attachmentType ?? "image");
  const allowed: readonly string[] = ATTACHMENT_TYPES[target.object];
  if (!allowed.includes(type)) return json({ error: `${target.object === "page" ? "Messenger" : "Instagram"} webhooks have no "${type}" attachments (${allowed.join(", ")})` }, 400);
  const id = String(now) + String(randomInt(100_000, 999_999));
  const given = typeof input.attachmentUrl === "string" ? input.attachmentUrl : undefined;
  if (type === "image" || type === "audio" || type === "video" || type === "file") {
    return [{ type, payload: { url: given ?? attachmentUrl(type, id, typeof input.attachmentName === "string" ? input.attachmentName : undefined) } }];
  }
  const url = given ?? (type === "fallback" ? "https://www.example.com/sandbox-article" : `https://${ATTACHMENT_HOSTS.lookaside}/ig_messaging_cdn/?asset_id=${id}.png&signature=sandbox`);
  const payload: Record<string, unknown> = { url };
  if (type === "fallback" || type === "reel" || type === "ig_reel") payload.title = String(input.attachmentTitle ?? "Shared from the sandbox");
  if (type === "reel" || type === "ig_reel") payload.reel_video_id = id;
  return [{ type, payload }];
}

/**
 * One entry per event, in order, as Meta sends them: "even though [messaging] is an array, it
 * will only contain one messaging object"; several entries (one or several accounts) share a POST.
 */
function payloadOf(object: string, events: BuiltEvent[], now: number) {
  return { object, entry: events.map((e) => ({ id: e.target.accountId, time: now, messaging: [e.item] })) };
}

/**
 * Build, sign and deliver Messenger / Instagram events: one event (the input itself) or several
 * (`events: [...]`, each inheriting object, pageId, igId and senderId from the input) in one POST.
 * An event is included only if its field is subscribed at the app level (object) and at the Page /
 * Instagram-account level. An incoming message opens the sender's 24-hour window either way.
 */
export async function deliverMetaEvents(ctx: SandboxContext, state: FacebookState, input: Record<string, unknown>): Promise<DeliveryReport | Response> {
  const now = ctx.clock.now();
  const { events: list, ...shared } = input;
  const inputs = Array.isArray(list) ? list.map((e) => ({ ...shared, ...(e as Record<string, unknown>) })) : [input];
  if (inputs.length === 0) return json({ error: "events must not be empty" }, 400);

  const built: BuiltEvent[] = [];
  for (const one of inputs) {
    const target = resolveTarget(ctx, state, one);
    if (target instanceof Response) return target;
    const event = buildEvent(ctx, target, one, now);
    if (event instanceof Response) return event;
    built.push(event);
  }
  const first = built[0]!;
  if (built.some((e) => e.target.object !== first.target.object || e.target.secret !== first.target.secret)) {
    return json({ error: "All events of one delivery must share the object and the app (one POST goes to one callback)" }, 400);
  }
  for (const e of built) {
    if (e.kind !== "message") continue;
    e.target.inbound.set(`${e.target.accountId}:${e.senderId}`, now);
    const m = (e.item as { message: { mid: string; text: string; attachments?: Array<{ type: string; payload: { url: string } }> } }).message;
    const a = m.attachments?.[0];
    addThreadMessage(e.target.threads, e.target.object === "page" ? "messenger" : "instagram", e.target.accountId, e.senderId, { id: m.mid, fromCustomer: true, text: m.text, createdAt: now, attachmentUrl: a?.payload.url, attachmentType: a?.type });
  }

  const { object, appSub, secret } = first.target;
  const reports: EventReport[] = built.map((e) => {
    const r = { event: e.kind, field: e.field, accountId: e.target.accountId, mid: e.mid };
    if (!appSub?.fields.includes(e.field)) return { ...r, included: false, reason: `No app-level subscription to "${e.field}" for object "${object}"` };
    if (!e.target.levelFields?.includes(e.target.levelField(e.field))) return { ...r, included: false, reason: `The ${e.target.levelName} is not subscribed to "${e.field}" (subscribed_apps)` };
    return { ...r, included: true };
  });
  const included = built.filter((_, i) => reports[i]!.included);
  const base = { mid: first.mid, senderId: first.senderId, events: reports };
  if (!appSub || included.length === 0) {
    const reason = reports.find((r) => !r.included)!.reason;
    return { ...base, payload: payloadOf(object, built, now), delivered: false, reason, callbackUrl: appSub?.callbackUrl };
  }
  const payload = payloadOf(object, included, now);
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
    return { ...base, payload, delivered: res.ok, status: res.status, responseBody, signature, callbackUrl: appSub.callbackUrl, reason: res.ok ? undefined : "The callback answered an error" };
  } catch (err) {
    return { ...base, payload, delivered: false, reason: `Couldn't connect to the callback: ${(err as Error).message}`, signature, callbackUrl: appSub.callbackUrl };
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
