/** graph.instagram.com (vNN.0 or unversioned): me, media, media_publish, containers, content_publishing_limit, messages, subscribed_apps. */
import { pictureUrl } from "../cdn";
import { json, param } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E, metaError } from "../meta/errors";
import type { GraphNode } from "../meta/fields";
import { authenticate, fieldSpecs, graphRoute, publicUrl, requireScope, respondNode, selectEach, type Caller } from "../meta/graph";
import { containerNode, createContainer, mediaNode, publishContainer, publishingLimit } from "../meta/ig-publishing";
import { paginate } from "../meta/paging";
import { conversationsPage } from "../meta/conversations";
import { checkSend, checkSenderAction } from "../meta/send-rules";
import { addThreadMessage, customerNode, findCustomer } from "../meta/threads";
import { IG_LOGIN, type IgLoginAccount } from "./fixtures";
import type { InstagramState } from "./state";

const HOST = "graph.instagram.com";
export const IG_WEBHOOK_FIELDS = ["messages", "messaging_postbacks", "messaging_seen", "messaging_referral", "message_reactions", "comments", "mentions", "story_insights"];

function profile(a: IgLoginAccount, sandboxUrl: string): GraphNode {
  return {
    __type: "User",
    id: a.appScopedId,
    user_id: a.userId,
    username: a.username,
    name: a.name,
    account_type: a.accountType,
    profile_picture_url: pictureUrl("instagram", a.userId, a.name),
    followers_count: a.followers,
    follows_count: a.follows,
    media_count: a.mediaCount,
  };
}

/** The caller, acting on its own account ("me" or its professional / app-scoped id). */
function accountCaller(req: SandboxRequest, ctx: SandboxContext, scopes: string[]): { caller: Caller; account: IgLoginAccount } | Response {
  const caller = authenticate(req, ctx, "instagram", { aboutMe: req.params.id === "me" });
  if (caller instanceof Response) return caller;
  const own = IG_LOGIN.account(caller.token.userId)!;
  const id = req.params.id ?? "me";
  if (id !== "me" && id !== own.userId && id !== own.appScopedId) return E.unsupported(req.method, id);
  for (const s of scopes) {
    const denied = requireScope(caller, [s]);
    if (denied) return denied;
  }
  return { caller, account: own };
}

export function instagramGraphRoutes(stateOf: (ctx: SandboxContext) => InstagramState): Route[] {
  const r = (method: Route["method"], path: string, handler: Route["handler"]) => graphRoute(HOST, method, path, handler, { versionless: true });
  const basic = "instagram_business_basic";
  const publish = "instagram_business_content_publish";

  return [
    ...r("GET", "/me", (req, ctx) => {
      const a = accountCaller(req, ctx, [basic]);
      return a instanceof Response ? a : respondNode(req, profile(a.account, req.sandboxUrl), ["id"]);
    }),
    ...r("GET", "/{id}", (req, ctx) => {
      const caller = authenticate(req, ctx, "instagram");
      if (caller instanceof Response) return caller;
      const own = IG_LOGIN.account(caller.token.userId)!;
      const id = req.params.id!;
      const state = stateOf(ctx);
      if (id === own.userId || id === own.appScopedId) return respondNode(req, profile(own, req.sandboxUrl), ["id"]);
      const c = state.ig.containers.get(id);
      if (c && c.ownerId === own.userId) return respondNode(req, containerNode(c, ctx.clock.now()), ["id"]);
      const m = state.ig.media.get(id);
      if (m && m.ownerId === own.userId) return respondNode(req, mediaNode(m), ["id"]);
      // A person who wrote to this account (IGSID): name, username, profile_pic.
      const th = findCustomer(state.threads, id, [own.userId]);
      if (th) return respondNode(req, customerNode(th, req.sandboxUrl), ["id", "name", "username"]);
      return E.unsupported("GET", id);
    }),
    ...r("POST", "/{id}/media", async (req, ctx) => {
      const a = accountCaller(req, ctx, [basic, publish]);
      return a instanceof Response ? a : createContainer(stateOf(ctx).ig, ctx, req, a.account.userId);
    }),
    ...r("POST", "/{id}/media_publish", (req, ctx) => {
      const a = accountCaller(req, ctx, [basic, publish]);
      return a instanceof Response ? a : publishContainer(stateOf(ctx).ig, ctx, req, a.account.userId);
    }),
    ...r("GET", "/{id}/content_publishing_limit", (req, ctx) => {
      const a = accountCaller(req, ctx, [basic]);
      return a instanceof Response ? a : publishingLimit(stateOf(ctx).ig, ctx, a.account.userId);
    }),
    ...r("GET", "/{id}/media", (req, ctx) => {
      const a = accountCaller(req, ctx, [basic]);
      if (a instanceof Response) return a;
      const specs = fieldSpecs(req);
      if (specs instanceof Response) return specs;
      const items = [...stateOf(ctx).ig.media.values()].filter((m) => m.ownerId === a.account.userId).reverse();
      const page = paginate(items, req.query, publicUrl(req));
      if (!page.ok) return E.param(page.message);
      const data = selectEach(page.data.map(mediaNode), specs, ["id"]);
      if (data instanceof Response) return data;
      return json(page.paging ? { data, paging: page.paging } : { data });
    }),
    ...r("POST", "/{id}/messages", (req, ctx) => {
      const a = accountCaller(req, ctx, [basic, "instagram_business_manage_messages"]);
      if (a instanceof Response) return a;
      const body = (req.json ?? {}) as { recipient?: { id?: string } | string; message?: { text?: string } | string };
      const parse = <T>(v: unknown): T | undefined => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));
      let recipient: { id?: string } | undefined;
      let message: { text?: string; attachment?: { payload?: { url?: string } } } | undefined;
      try {
        recipient = parse(body.recipient ?? param(req, "recipient"));
        message = parse(body.message ?? param(req, "message"));
      } catch {
        return E.param("(#100) recipient and message must be JSON objects");
      }
      const senderAction = param(req, "sender_action");
      if (!recipient?.id) return E.param("(#100) The parameter recipient is required");
      if (senderAction !== undefined) {
        const bad = checkSenderAction(senderAction, message !== undefined);
        if (bad) return bad;
      } else if (!message?.text && !message?.attachment) return E.param("(#100) param message must be non-empty.");
      const state = stateOf(ctx);
      const last = state.inbound.get(`${a.account.userId}:${recipient.id}`);
      if (last === undefined) return E.param("(#100) No matching user found", 2534014);
      if (senderAction !== undefined) {
        state.threads.senderActions.push({ accountId: a.account.userId, recipientId: recipient.id, action: senderAction, at: ctx.clock.now() });
        return json({ recipient_id: recipient.id });
      }
      const text = message!.text ?? "";
      if (Buffer.byteLength(text) >= 1000) return E.param("(#100) Length of param message[text] must be less than 1000 bytes");
      const refused = checkSend({ messagingType: param(req, "messaging_type") ?? "RESPONSE", tag: param(req, "tag"), instagram: true, last, now: ctx.clock.now(), subcodes: { window: 2534022 } });
      if (refused) return refused;
      const mid = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAU" + Buffer.from(String(ctx.clock.now()) + Math.random()).toString("base64url").slice(0, 24);
      const url = message!.attachment?.payload?.url;
      ctx.recordMessage({ platform: "instagram", from: a.account.userId, to: recipient.id, id: mid, text: text || (url ?? "") });
      addThreadMessage(state.threads, "instagram", a.account.userId, recipient.id, { id: mid, fromCustomer: false, text, createdAt: ctx.clock.now(), attachmentUrl: url });
      return json({ recipient_id: recipient.id, message_id: mid });
    }),
    ...r("GET", "/{id}/conversations", (req, ctx) => {
      const a = accountCaller(req, ctx, [basic, "instagram_business_manage_messages"]);
      if (a instanceof Response) return a;
      return conversationsPage(req, stateOf(ctx).threads, [a.account.userId], "instagram", () => ({ id: a.account.userId, name: a.account.name, username: a.account.username }));
    }),
    ...(["GET", "POST", "DELETE"] as const).flatMap((method) =>
      r(method, "/{id}/subscribed_apps", (req, ctx) => {
        const a = accountCaller(req, ctx, [basic]);
        if (a instanceof Response) return a;
        const subs = stateOf(ctx).subscriptions;
        if (method === "GET") {
          const fields = subs.get(a.account.userId);
          return json({ data: fields ? [{ id: a.caller.app.clientId, name: a.caller.app.name, subscribed_fields: fields }] : [] });
        }
        if (method === "DELETE") {
          subs.delete(a.account.userId);
          return json({ success: true });
        }
        const raw = param(req, "subscribed_fields");
        if (!raw) return E.param("The parameter subscribed_fields is required.");
        const fields = raw.split(",").map((f) => f.trim()).filter(Boolean);
        const bad = fields.findIndex((f) => !IG_WEBHOOK_FIELDS.includes(f));
        if (bad >= 0) return E.param(`Param subscribed_fields[${bad}] must be one of {${IG_WEBHOOK_FIELDS.join(", ")}} - got "${fields[bad]}".`);
        if (fields.includes("messages")) {
          const denied = requireScope(a.caller, ["instagram_business_manage_messages"]);
          if (denied) return denied;
        }
        subs.set(a.account.userId, [...new Set(fields)]);
        return json({ success: true });
      }),
    ),
  ];
}
