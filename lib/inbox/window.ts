/** The Messenger / Instagram reply window. Client-safe: no server imports. */

export const WINDOW_MS = 24 * 3_600_000;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3_600_000;

export type TReplyWindow =
  | { open: true; tag?: undefined; closesAt: string }
  | { open: true; tag: "HUMAN_AGENT"; closesAt: string; reason: string }
  | { open: false; reason: string };

/**
 * Whether a reply may go out now, and how: a normal reply within 24 hours of the person's last
 * message; with the human agent tag up to 7 days when the app has that permission; else closed,
 * with the reason a person reads.
 */
export function replyWindow(lastInboundAt: Date | null, now: Date, humanAgentAllowed: boolean): TReplyWindow {
  if (!lastInboundAt) return { open: false, reason: "This person has not written to you yet, and Meta only allows replies to people who wrote first." };
  const age = now.getTime() - lastInboundAt.getTime();
  if (age <= WINDOW_MS) return { open: true, closesAt: new Date(lastInboundAt.getTime() + WINDOW_MS).toISOString() };
  if (humanAgentAllowed && age <= HUMAN_AGENT_WINDOW_MS) {
    return {
      open: true,
      tag: "HUMAN_AGENT",
      closesAt: new Date(lastInboundAt.getTime() + HUMAN_AGENT_WINDOW_MS).toISOString(),
      reason: "More than 24 hours have passed since this person's last message, so this reply goes out as a human agent reply (allowed up to 7 days).",
    };
  }
  return {
    open: false,
    reason: humanAgentAllowed
      ? "More than 7 days have passed since this person's last message, so Meta no longer allows a reply. You can answer when they write again."
      : "More than 24 hours have passed since this person's last message, so Meta no longer allows a reply. You can answer when they write again.",
  };
}
