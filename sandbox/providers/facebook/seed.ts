/**
 * Control API for the inbox: history that existed before the app linked the account
 * (`POST /__sandbox/conversations`) and the sender actions it received (`GET /__sandbox/sender-actions`).
 */
import { json } from "../../core/http";
import type { Route, SandboxContext } from "../../core/types";
import { instagramModule } from "../instagram";
import { addThreadMessage } from "../meta/threads";
import { messageId } from "./messaging";
import type { FacebookState } from "./state";
import { resolveTarget } from "./webhooks";

/**
 * `{object:"page"|"instagram", pageId|igId, count, messagesEach?=3, minutesApart?=5, startMinutesAgo?=60}`:
 * `count` conversations with new people, each alternating person / account messages, newest last;
 * each person's last message opens their 24-hour window at that time.
 */
export function seedConversations(ctx: SandboxContext, state: FacebookState, input: Record<string, unknown>): Response {
  const target = resolveTarget(ctx, state, input);
  if (target instanceof Response) return target;
  const count = Number(input.count ?? 1);
  const each = Number(input.messagesEach ?? 3);
  const apart = Number(input.minutesApart ?? 5) * 60_000;
  const start = ctx.clock.now() - Number(input.startMinutesAgo ?? 60) * 60_000;
  if (!Number.isInteger(count) || count < 1 || count > 500 || !Number.isInteger(each) || each < 1 || each > 50) {
    return json({ error: "count must be 1–500 and messagesEach 1–50" }, 400);
  }
  const platform = target.object === "page" ? "messenger" : "instagram";
  const out: Array<{ customerId: string; mids: string[] }> = [];
  for (let c = 0; c < count; c++) {
    const customerId = (platform === "messenger" ? "69" : "58") + target.accountId.slice(-6) + String(state.seq++ + 1000).padStart(7, "0");
    const mids: string[] = [];
    for (let i = 0; i < each; i++) {
      const at = start + c * 1000 + i * apart;
      const fromCustomer = i % 2 === 0;
      const mid = messageId();
      mids.push(mid);
      addThreadMessage(target.threads, platform, target.accountId, customerId, { id: mid, fromCustomer, text: `${fromCustomer ? "Question" : "Answer"} ${i + 1} in conversation ${c + 1}`, createdAt: at });
      if (fromCustomer) target.inbound.set(`${target.accountId}:${customerId}`, at);
    }
    out.push({ customerId, mids });
  }
  return json({ conversations: out });
}

export function seedControl(stateOf: (ctx: SandboxContext) => FacebookState): Route[] {
  return [
    {
      method: "POST",
      host: "__sandbox",
      path: "/conversations",
      handler: (req, ctx) => seedConversations(ctx, stateOf(ctx), (req.json ?? Object.fromEntries(req.form)) as Record<string, unknown>),
    },
    {
      method: "GET",
      host: "__sandbox",
      path: "/sender-actions",
      handler: (_req, ctx) => json({ data: [...stateOf(ctx).threads.senderActions, ...ctx.state(instagramModule).threads.senderActions] }),
    },
  ];
}
