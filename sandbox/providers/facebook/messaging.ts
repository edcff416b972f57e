/**
 * POST /{page}/messages: Messenger and Instagram (via Facebook Login) sends with a Page token —
 * inside the 24-hour window, or with a message tag (HUMAN_AGENT within 7 days; Instagram takes
 * no other tag) — and sender actions (mark_seen, typing_on, typing_off).
 */
import { randomBytes } from "node:crypto";
import { json, param } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E, metaError } from "../meta/errors";
import { authenticate, graphRoute } from "../meta/graph";
import { checkSend, checkSenderAction, WINDOW_MS } from "../meta/send-rules";
import { conversationsPage } from "../meta/conversations";
import { addThreadMessage } from "../meta/threads";
import { FB } from "./fixtures";
import { canActOnPage } from "./nodes";
import type { FacebookState } from "./state";

export { WINDOW_MS };

export function parseJsonParam<T>(req: SandboxRequest, name: string): T | undefined {
  const raw = (req.json as Record<string, unknown> | undefined)?.[name] ?? param(req, name);
  if (raw === undefined) return undefined;
  if (typeof raw !== "string") return raw as T;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

/** A body field from JSON or form. */
function field(req: SandboxRequest, name: string): string | undefined {
  const v = (req.json as Record<string, unknown> | undefined)?.[name] ?? param(req, name);
  return v === undefined ? undefined : String(v);
}

export function messageId(): string {
  return "m_" + randomBytes(24).toString("base64url");
}

export function messagingRoutes(stateOf: (ctx: SandboxContext) => FacebookState): Route[] {
  const send = (req: SandboxRequest, ctx: SandboxContext) => {
    const caller = authenticate(req, ctx, "facebook");
    if (caller instanceof Response) return caller;
    const t = caller.token;
    const pageId = req.params.id === "me" && t.kind === "page" ? t.subjectId! : req.params.id!;
    const page = FB.page(pageId);
    if (!page || !canActOnPage(caller, pageId)) return E.unsupported("POST", pageId);
    if (t.kind !== "page" || t.subjectId !== pageId) return E.needsPageToken();

    const recipient = parseJsonParam<{ id?: string }>(req, "recipient");
    const message = parseJsonParam<{ text?: string; attachment?: { type?: string; payload?: { url?: string } } }>(req, "message");
    const senderAction = field(req, "sender_action");
    if (!recipient?.id) return E.param("(#100) The parameter recipient is required");
    if (senderAction !== undefined) {
      const bad = checkSenderAction(senderAction, message !== undefined);
      if (bad) return bad;
    } else if (!message || (!message.text && !message.attachment)) return E.param("(#100) param message must be non-empty.");

    const state = stateOf(ctx);
    const viaInstagram = page.igId !== undefined && state.inbound.has(`${page.igId}:${recipient.id}`);
    const account = viaInstagram ? page.igId! : pageId;
    const last = state.inbound.get(`${account}:${recipient.id}`);
    if (last === undefined) return E.param("(#100) No matching user found", 2018001);

    const needed = viaInstagram ? "instagram_manage_messages" : "pages_messaging";
    if (!t.scopes.includes(needed)) return metaError(403, { message: `(#230) Requires ${needed} permission to manage the object`, code: 230 });

    if (senderAction !== undefined) {
      state.threads.senderActions.push({ accountId: account, recipientId: recipient.id, action: senderAction, at: ctx.clock.now() });
      return json({ recipient_id: recipient.id });
    }
    const text = message!.text ?? "";
    const max = viaInstagram ? 1000 : 2000;
    if (text.length > max) return E.param(`(#100) Length of param message[text] must be less than or equal to ${max}`);
    const refused = checkSend({ messagingType: field(req, "messaging_type") ?? "RESPONSE", tag: field(req, "tag"), instagram: viaInstagram, last, now: ctx.clock.now(), subcodes: { window: viaInstagram ? 2534022 : 2018278 } });
    if (refused) return refused;
    const mid = messageId();
    const url = message!.attachment?.payload?.url;
    ctx.recordMessage({ platform: viaInstagram ? "instagram" : "messenger", from: account, to: recipient.id, id: mid, text: text || (url ?? "") });
    addThreadMessage(state.threads, viaInstagram ? "instagram" : "messenger", account, recipient.id, { id: mid, fromCustomer: false, text, createdAt: ctx.clock.now(), attachmentUrl: url });
    return json({ recipient_id: recipient.id, message_id: mid });
  };
  // GET /{page}/conversations?platform=messenger|instagram: the Page's (or its Instagram account's) threads.
  const conversations = (req: SandboxRequest, ctx: SandboxContext) => {
    const caller = authenticate(req, ctx, "facebook");
    if (caller instanceof Response) return caller;
    const pageId = req.params.id!;
    const page = FB.page(pageId);
    if (!page || !canActOnPage(caller, pageId)) return E.unsupported("GET", pageId);
    if (caller.token.kind !== "page" || caller.token.subjectId !== pageId) return E.needsPageToken();
    const instagram = param(req, "platform") === "instagram";
    for (const s of instagram ? ["pages_messaging", "instagram_manage_messages"] : ["pages_messaging"]) {
      if (!caller.token.scopes.includes(s)) return metaError(403, { message: `(#230) Requires ${s} permission to manage the object`, code: 230 });
    }
    const ig = page.igId ? FB.ig(page.igId) : undefined;
    return conversationsPage(req, stateOf(ctx).threads, instagram ? (page.igId ? [page.igId] : []) : [pageId], "messenger", (th) =>
      th.platform === "instagram" && ig ? { id: ig.id, name: ig.name, username: ig.username } : { id: page.id, name: page.name },
    );
  };
  return [...graphRoute("graph.facebook.com", "POST", "/{id}/messages", send), ...graphRoute("graph.facebook.com", "GET", "/{id}/conversations", conversations)];
}
