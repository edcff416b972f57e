import "server-only";
import { z } from "zod";
import type { HttpClient } from "@/lib/http";
import type { ClientCredentials } from "@/lib/providers/types";
import { graphCall, graphUrl, nextPageUrl, type GraphHost } from "./graph";
import { ZGraphSuccess, ZSubscribedApps } from "./schema";

/** The two hosts a messaging account lives on (a Page on Facebook Login, an Instagram Login account). */
export { GRAPH_HOST, INSTAGRAM_GRAPH_HOST } from "./graph";

/**
 * The Meta `messages` resource: Send API (replies, sender actions), the Conversations API and the
 * profile of a person who wrote. The same calls serve a Page token on graph.facebook.com and an
 * Instagram Login token on graph.instagram.com (`host`), each with its own app's appsecret_proof.
 */

export interface MessagingAuth {
  token: string;
  creds: ClientCredentials;
  host: GraphHost;
  /** With a Page token, Instagram replies go through the Page: `POST /{page-id}/messages`. */
  pageId?: string;
  client?: HttpClient;
}

const url = (auth: MessagingAuth, path: string) => graphUrl(path, auth.host);

export const ZSendResult = z.looseObject({ recipient_id: z.string().optional(), message_id: z.string().optional() });

export interface TSendInput {
  recipientId: string;
  text: string;
  /** HUMAN_AGENT outside the 24-hour window (within 7 days); otherwise a RESPONSE. */
  tag?: "HUMAN_AGENT";
}

/** `POST /{account}/messages` with a text; returns Meta's message id. */
export async function sendText(accountId: string, input: TSendInput, auth: MessagingAuth): Promise<string> {
  const r = await graphCall("POST", url(auth, `${accountId}/messages`), ZSendResult, {
    token: auth.token,
    creds: auth.creds,
    client: auth.client,
    form: {
      recipient: JSON.stringify({ id: input.recipientId }),
      messaging_type: input.tag ? "MESSAGE_TAG" : "RESPONSE",
      tag: input.tag,
      message: JSON.stringify({ text: input.text }),
    },
  });
  if (!r.message_id) throw new Error("Meta answered without a message id");
  return r.message_id;
}

/** `POST /{account}/messages {sender_action}`: mark_seen when a conversation is opened. */
export async function sendSenderAction(accountId: string, recipientId: string, action: "mark_seen" | "typing_on" | "typing_off", auth: MessagingAuth): Promise<void> {
  await graphCall("POST", url(auth, `${accountId}/messages`), ZSendResult, {
    token: auth.token,
    creds: auth.creds,
    client: auth.client,
    form: { recipient: JSON.stringify({ id: recipientId }), sender_action: action },
  });
}

const ZParty = z.looseObject({ id: z.string(), name: z.string().optional(), username: z.string().optional() });
export const ZConversationMessage = z.looseObject({
  id: z.string(),
  created_time: z.string(),
  message: z.string().optional(),
  from: ZParty.optional(),
  attachments: z
    .looseObject({
      data: z.array(
        z.looseObject({
          mime_type: z.string().optional(),
          name: z.string().optional(),
          image_data: z.looseObject({ url: z.string() }).optional(),
          video_data: z.looseObject({ url: z.string() }).optional(),
          file_url: z.string().optional(),
        }),
      ),
    })
    .optional(),
});
export const ZConversation = z.looseObject({
  id: z.string(),
  updated_time: z.string().optional(),
  participants: z.looseObject({ data: z.array(ZParty) }).optional(),
  messages: z.looseObject({ data: z.array(ZConversationMessage) }).optional(),
});
export const ZConversationPage = z.looseObject({
  data: z.array(ZConversation),
  paging: z.looseObject({ next: z.string().optional() }).optional(),
});
export type TConversation = z.output<typeof ZConversation>;
export type TConversationMessage = z.output<typeof ZConversationMessage>;

export const CONVERSATION_FIELDS = "participants,updated_time,messages.limit(20){id,message,from,to,created_time,attachments}";

/**
 * Every page of `GET /{account}/conversations?platform=…`, newest first, handed to `onPage` as it
 * arrives (so progress can be shown); stops after `maxPages` pages.
 */
export async function forEachConversationPage(
  accountId: string,
  platform: "messenger" | "instagram",
  auth: MessagingAuth,
  onPage: (conversations: TConversation[]) => Promise<void>,
  opts: { pageSize?: number; maxPages?: number } = {},
): Promise<void> {
  const first = new URL(url(auth, `${accountId}/conversations`));
  first.searchParams.set("platform", platform);
  first.searchParams.set("fields", CONVERSATION_FIELDS);
  first.searchParams.set("limit", String(opts.pageSize ?? 25));
  let next: string | undefined = first.toString();
  for (let n = 0; next && n < (opts.maxPages ?? 40); n++) {
    const page: z.output<typeof ZConversationPage> = await graphCall("GET", next, ZConversationPage, { token: auth.token, creds: auth.creds, client: auth.client });
    await onPage(page.data);
    next = page.data.length > 0 ? nextPageUrl(page.paging?.next, auth.host) : undefined;
  }
}

/**
 * `POST graph.instagram.com/{ig-user-id}/subscribed_apps?subscribed_fields=…` with the Instagram
 * Login token: the account's own webhook subscription (an Instagram Login account has no Page
 * to subscribe through).
 */
export async function subscribeInstagramAccount(igUserId: string, fields: readonly string[], auth: MessagingAuth): Promise<void> {
  const r = await graphCall("POST", url(auth, `${igUserId}/subscribed_apps`), ZGraphSuccess, {
    token: auth.token,
    creds: auth.creds,
    client: auth.client,
    query: { subscribed_fields: fields.join(",") },
  });
  if (!r.success) throw new Error("Instagram did not confirm the webhook subscription");
}

/** `GET graph.instagram.com/{ig-user-id}/subscribed_apps`: the webhook fields the account is subscribed to for this app (none: not subscribed). */
export async function instagramAccountSubscribedFields(igUserId: string, auth: MessagingAuth): Promise<string[]> {
  const r = await graphCall("GET", url(auth, `${igUserId}/subscribed_apps`), ZSubscribedApps, { token: auth.token, creds: auth.creds, client: auth.client });
  return r.data.flatMap((app) => app.subscribed_fields ?? []);
}

export const ZProfile = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  profile_pic: z.string().optional(),
});
export type TProfile = z.output<typeof ZProfile>;

/** A person's profile: Messenger `first_name,last_name,profile_pic`; Instagram `name,username,profile_pic`. */
export async function fetchParticipantProfile(participantId: string, channel: "messenger" | "instagram", auth: MessagingAuth): Promise<TProfile> {
  return graphCall("GET", url(auth, participantId), ZProfile, {
    token: auth.token,
    creds: auth.creds,
    client: auth.client,
    query: { fields: channel === "messenger" ? "first_name,last_name,profile_pic" : "name,username,profile_pic" },
  });
}
