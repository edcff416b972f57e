/** Client-safe: a thread (X) is written as parts separated by a line of three or more dashes. */
const THREAD_BREAK = /\n[ \t]*-{3,}[ \t]*\n/;
export const THREAD_JOINER = "\n---\n";

/** The posts of a thread, in order (a text without breaks is one post). */
export function threadParts(text: string): string[] {
  const kept = text
    .split(THREAD_BREAK)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return kept.length > 0 ? kept : [text];
}
