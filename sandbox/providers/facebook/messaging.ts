/** POST /{page}/messages: Messenger and Instagram (via Facebook Login) sends with a Page token, inside the 24-hour window. */
import { randomBytes } from "node:crypto";
import { json, param } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E, metaError } from "../meta/errors";
import { authenticate, graphRoute } from "../meta/graph";
import { FB } from "./fixtures";
import { canActOnPage } from "./nodes";
import type { FacebookState } from "./state";

export const WINDOW_MS = 24 * 3_600_000;

function parseJsonParam<T>(req: SandboxRequest, name: string): T | undefined {
  const raw = (req.json as Record<string, unknown> | undefined)?.[name] ?? param(req, name);
  if (raw === undefined) return undefined;
  if (typeof raw !== "string") return raw as T;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
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
    const messagingType = param(req, "messaging_type") ?? "RESPONSE";
    if (!recipient?.id) return E.param("(#100) The parameter recipient is required");
    if (!message || (!message.text && !message.attachment)) return E.param("(#100) param message must be non-empty.");
    if (!["RESPONSE", "UPDATE", "MESSAGE_TAG"].includes(messagingType)) return E.param(`(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} - got "${messagingType}".`);
    if (messagingType === "MESSAGE_TAG" && !param(req, "tag")) return E.param("(#100) Param tag is required when messaging_type is MESSAGE_TAG");

    const state = stateOf(ctx);
    const viaInstagram = page.igId !== undefined && state.inbound.has(`${page.igId}:${recipient.id}`);
    const account = viaInstagram ? page.igId! : pageId;
    const last = state.inbound.get(`${account}:${recipient.id}`);
    if (last === undefined) return E.param("(#100) No matching user found", 2018001);

    const needed = viaInstagram ? "instagram_manage_messages" : "pages_messaging";
    if (!t.scopes.includes(needed)) return metaError(403, { message: `(#230) Requires ${needed} permission to manage the object`, code: 230 });

    const text = message.text ?? "";
    const max = viaInstagram ? 1000 : 2000;
    if (text.length > max) return E.param(`(#100) Length of param message[text] must be less than or equal to ${max}`);
    if (messagingType !== "MESSAGE_TAG" && ctx.clock.now() - last > WINDOW_MS) {
      return metaError(400, {
        message: "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
        code: 10,
        error_subcode: 2018278,
      });
    }
    const mid = messageId();
    ctx.recordMessage({ platform: viaInstagram ? "instagram" : "messenger", from: account, to: recipient.id, id: mid, text: text || (message.attachment?.payload?.url ?? "") });
    return json({ recipient_id: recipient.id, message_id: mid });
  };
  return [...graphRoute("graph.facebook.com", "POST", "/{id}/messages", send)];
}
