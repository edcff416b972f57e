/**
 * Telegram's `parse_mode` handling, reduced to what a client can get wrong: unsupported or
 * unbalanced HTML tags, unescaped MarkdownV2 reserved characters, unclosed entities. Returns
 * the visible text (limits apply to it, not to the markup) or Telegram's error description.
 */

export type FormatResult = { ok: true; text: string } | { ok: false; description: string };

const HTML_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote"]);
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

function byteOffset(s: string, index: number): number {
  return Buffer.byteLength(s.slice(0, index), "utf8");
}

function parseHtml(src: string): FormatResult {
  const stack: string[] = [];
  let out = "";
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "<") {
      const end = src.indexOf(">", i);
      if (end < 0) return bad(`Unclosed start tag at byte offset ${byteOffset(src, i)}`);
      const raw = src.slice(i + 1, end).trim();
      const closing = raw.startsWith("/");
      const name = (closing ? raw.slice(1) : raw).split(/\s/)[0]!.toLowerCase();
      if (!closing) {
        if (!HTML_TAGS.has(name)) return bad(`Unsupported start tag "${name}" at byte offset ${byteOffset(src, i)}`);
        if (name === "span" && !/class\s*=\s*"?tg-spoiler"?/.test(raw)) {
          return bad(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, i)}`);
        }
        stack.push(name);
      } else {
        const open = stack.pop();
        if (open !== name) {
          return bad(open ? `Can't find end tag corresponding to start tag "${open}"` : `Unexpected end tag at byte offset ${byteOffset(src, i)}`);
        }
      }
      i = end + 1;
    } else if (c === "&") {
      const m = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(src.slice(i));
      if (m) {
        const ent = m[1]!;
        if (ent.startsWith("#")) {
          out += String.fromCodePoint(ent[1] === "x" || ent[1] === "X" ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10));
        } else if (ENTITIES[ent.toLowerCase()] !== undefined) {
          out += ENTITIES[ent.toLowerCase()];
        } else {
          out += m[0];
        }
        i += m[0].length;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  if (stack.length) return bad(`Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`);
  return { ok: true, text: out };
}

const RESERVED = new Set("_*[]()~`>#+-=|{}.!".split(""));
const ENTITY_NAMES: Record<string, string> = { "*": "Bold", _: "Italic", __: "Underline", "~": "Strikethrough", "||": "Spoiler", "`": "Code", "```": "Pre" };

function parseMarkdownV2(src: string): FormatResult {
  const stack: { mark: string; at: number }[] = [];
  let out = "";
  let i = 0;
  let inLinkUrl = false;
  let linkTextOpen = false;
  const top = () => stack[stack.length - 1]?.mark;
  while (i < src.length) {
    const c = src[i]!;
    const inCode = top() === "`" || top() === "```";
    if (c === "\\") {
      const next = src[i + 1];
      if (next === undefined) return bad(`Character '\\' is reserved and must be escaped with the preceding '\\'`);
      out += next;
      i += 2;
      continue;
    }
    if (inLinkUrl) {
      if (c === ")") inLinkUrl = false;
      i++;
      continue;
    }
    if (inCode) {
      const mark = top()!;
      if (src.startsWith(mark, i)) {
        stack.pop();
        i += mark.length;
      } else {
        out += c;
        i++;
      }
      continue;
    }
    const two = src.slice(i, i + 2);
    const mark = src.startsWith("```", i) ? "```" : two === "__" || two === "||" ? two : "*_~`".includes(c) ? c : null;
    if (mark) {
      if (top() === mark) stack.pop();
      else stack.push({ mark, at: i });
      i += mark.length;
      continue;
    }
    if (c === "[") {
      linkTextOpen = true;
      i++;
      continue;
    }
    if (c === "]" && linkTextOpen) {
      linkTextOpen = false;
      if (src[i + 1] === "(") {
        inLinkUrl = true;
        i += 2;
      } else i++;
      continue;
    }
    if (c === ">" && (i === 0 || src[i - 1] === "\n")) {
      i++;
      continue;
    }
    if (RESERVED.has(c)) return bad(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    out += c;
    i++;
  }
  const open = stack[stack.length - 1];
  if (open) return bad(`Can't find end of ${ENTITY_NAMES[open.mark] ?? "the"} entity at byte offset ${byteOffset(src, open.at)}`);
  if (linkTextOpen || inLinkUrl) return bad(`Can't find end of a url at byte offset ${byteOffset(src, src.length)}`);
  return { ok: true, text: out };
}

/** Legacy Markdown is lenient; strip its markers. */
function parseMarkdown(src: string): FormatResult {
  return { ok: true, text: src.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, "") };
}

function bad(detail: string): FormatResult {
  return { ok: false, description: `Bad Request: can't parse entities: ${detail}` };
}

/** Visible text for a `parse_mode`, or Telegram's error for bad markup or an unknown mode. */
export function renderText(src: string, parseMode: string | undefined): FormatResult {
  if (!parseMode) return { ok: true, text: src };
  switch (parseMode.toLowerCase()) {
    case "html":
      return parseHtml(src);
    case "markdownv2":
      return parseMarkdownV2(src);
    case "markdown":
      return parseMarkdown(src);
    default:
      return { ok: false, description: "Bad Request: unsupported parse_mode" };
  }
}
