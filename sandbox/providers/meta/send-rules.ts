/**
 * The Send API's rules both hosts share (graph.facebook.com with a Page token, graph.instagram.com
 * with an Instagram Login token): messaging types, message tags and their windows, sender actions.
 */
import { E, metaError } from "./errors";

export const WINDOW_MS = 24 * 3_600_000;
/** HUMAN_AGENT: a human reply up to 7 days after the person's last message. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3_600_000;
export const MESSAGE_TAGS = ["ACCOUNT_UPDATE", "CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "HUMAN_AGENT"];
export const SENDER_ACTIONS = ["mark_seen", "typing_on", "typing_off"];

export interface SendInput {
  messagingType: string;
  tag: string | undefined;
  instagram: boolean;
  /** When the person last wrote to the account. */
  last: number;
  now: number;
  /** Instagram answers with its own subcodes. */
  subcodes: { window: number };
}

/** The Graph error for a send that breaks a rule, or undefined. */
export function checkSend(i: SendInput): Response | undefined {
  if (!["RESPONSE", "UPDATE", "MESSAGE_TAG"].includes(i.messagingType)) {
    return E.param(`(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG} - got "${i.messagingType}".`);
  }
  if (i.messagingType === "MESSAGE_TAG") {
    if (!i.tag) return E.param("(#100) Param tag is required when messaging_type is MESSAGE_TAG");
    if (!MESSAGE_TAGS.includes(i.tag)) return E.param(`(#100) Param tag must be one of {${MESSAGE_TAGS.join(", ")}} - got "${i.tag}".`);
    // Instagram accepts only HUMAN_AGENT.
    if (i.instagram && i.tag !== "HUMAN_AGENT") return E.param(`(#100) Tag ${i.tag} is not supported for Instagram messaging; only HUMAN_AGENT is.`, 2534013);
    const age = i.now - i.last;
    if (i.tag === "HUMAN_AGENT" && age > HUMAN_AGENT_WINDOW_MS) {
      return metaError(400, {
        message: "(#10) This message is sent outside of allowed window. The HUMAN_AGENT tag allows a reply only within 7 days of the person's last message.",
        code: 10,
        error_subcode: i.subcodes.window,
      });
    }
    return undefined;
  }
  if (i.now - i.last > WINDOW_MS) {
    return metaError(400, {
      message: "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
      code: 10,
      error_subcode: i.subcodes.window,
    });
  }
  return undefined;
}

/** A sender action request (`sender_action` without `message`); an error when it is malformed. */
export function checkSenderAction(action: string, hasMessage: boolean): Response | undefined {
  if (!SENDER_ACTIONS.includes(action)) return E.param(`(#100) Param sender_action must be one of {${SENDER_ACTIONS.join(", ")}} - got "${action}".`);
  if (hasMessage) return E.param("(#100) sender_action cannot be sent together with message");
  return undefined;
}
