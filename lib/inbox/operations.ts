import "server-only";
import { z } from "zod";
import { getDb } from "@/db/client";
import { orgOperation } from "@/lib/actions";
import { assignConversation, getThread, latestBackfill, listConversations, setConversationStatus } from "./conversations";
import { markConversationRead, sendReply } from "./send";

/**
 * The Inbox's operations, each once for its server action and its JSON route (lib/actions.ts
 * orgOperation). Every member may read and answer (A2); every id is checked against the
 * organization (another organization's conversation is a 404, A1).
 */

const ZId = z.object({ conversationId: z.uuid("No such conversation.") });

export const ZInboxFilters = z.object({
  channel: z.enum(["messenger", "instagram"]).optional(),
  unread: z.enum(["1", "true"]).optional(),
  mine: z.enum(["1", "true"]).optional(),
  status: z.enum(["open", "done"]).optional(),
});

export const listConversationsOp = orgOperation({
  role: "member",
  schema: ZInboxFilters,
  run: async (input, ctx) => ({
    conversations: await listConversations(getDb(), ctx.org.organizationId, ctx.user.id, {
      channel: input.channel,
      unread: input.unread !== undefined,
      mine: input.mine !== undefined,
      status: input.status,
    }),
    backfill: await latestBackfill(getDb(), ctx.org.organizationId),
  }),
});

export const getThreadOp = orgOperation({ role: "member", schema: ZId, run: (input, ctx) => getThread(getDb(), ctx.org.organizationId, input.conversationId) });

export const markReadOp = orgOperation({ role: "member", schema: ZId, run: (input, ctx) => markConversationRead(getDb(), ctx.org.organizationId, input.conversationId) });

export const replyOp = orgOperation({
  role: "member",
  schema: ZId.extend({ text: z.string().max(4000, "Messages can have at most 2,000 characters.") }),
  run: (input, ctx) => sendReply(getDb(), { organizationId: ctx.org.organizationId, conversationId: input.conversationId, userId: ctx.user.id, text: input.text }),
});

export const assignOp = orgOperation({
  role: "member",
  schema: ZId.extend({ assigneeId: z.uuid().nullable() }),
  run: async (input, ctx) => {
    await assignConversation(getDb(), ctx.org.organizationId, input.conversationId, input.assigneeId);
    return { assigned: input.assigneeId };
  },
});

export const setStatusOp = orgOperation({
  role: "member",
  schema: ZId.extend({ status: z.enum(["open", "done"]) }),
  run: async (input, ctx) => {
    await setConversationStatus(getDb(), ctx.org.organizationId, input.conversationId, input.status);
    return { status: input.status };
  },
});
