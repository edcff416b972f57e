/**
 * LinkedIn's "little" text format (Posts API `commentary`): the reserved characters
 * `\ | { } @ [ ] ( ) < > # * _ ~` must be escaped with a backslash to be plain text. The
 * elements the sandbox understands are mentions `@[Name](urn:li:person:…|urn:li:organization:…)`
 * and the hashtag template `{hashtag|\#|tag}`. LinkedIn accepts a post with an unescaped
 * reserved character (201) and silently cuts the text at it; so does the sandbox.
 */

export const RESERVED = "\\|{}@[]()<>#*_~";
const isReserved = (ch: string) => RESERVED.includes(ch);

const MENTION = /^@\[((?:\\.|[^\\\]])+)\]\((urn:li:(?:person|organization):[A-Za-z0-9_-]+)\)/;
const HASHTAG = /^\{hashtag\|\\#\|((?:\\.|[^\s\\|{}])+)\}/;

export interface LittleText {
  /** The text as the post shows it (escapes removed, elements rendered), up to any cut. */
  text: string;
  /** The little-format source LinkedIn keeps: the commentary up to any cut. */
  source: string;
  /** Where the commentary was cut (index into the source), if it was. */
  cutAt?: number;
}

const unescape = (s: string) => s.replace(/\\(.)/g, "$1");

export function parseLittleText(commentary: string): LittleText {
  let text = "";
  let i = 0;
  while (i < commentary.length) {
    const ch = commentary[i]!;
    if (ch === "\\") {
      const next = commentary[i + 1];
      if (next !== undefined && isReserved(next)) {
        text += next;
        i += 2;
        continue;
      }
      return { text, source: commentary.slice(0, i), cutAt: i };
    }
    if (ch === "@") {
      const m = MENTION.exec(commentary.slice(i));
      if (m) {
        text += unescape(m[1]!);
        i += m[0].length;
        continue;
      }
    }
    if (ch === "{") {
      const m = HASHTAG.exec(commentary.slice(i));
      if (m) {
        text += `#${unescape(m[1]!)}`;
        i += m[0].length;
        continue;
      }
    }
    if (isReserved(ch)) return { text, source: commentary.slice(0, i), cutAt: i };
    // Keep surrogate pairs whole.
    const cp = commentary.codePointAt(i)!;
    const s = String.fromCodePoint(cp);
    text += s;
    i += s.length;
  }
  return { text, source: commentary };
}
