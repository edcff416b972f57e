/**
 * Post length as X counts it (twitter-text v3 config): NFC-normalised text, each code point
 * weighs 1 in the Latin/general-punctuation ranges and 2 elsewhere (CJK, most symbols), an
 * emoji sequence weighs 2 as a whole, and every URL weighs 23 whatever its length.
 */
import { randomBytes } from "node:crypto";

export const MAX_WEIGHTED_LENGTH = 280;
export const URL_WEIGHT = 23;

const LIGHT_RANGES: Array<[number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];

const TLDS = "com|org|net|io|dev|co|ai|app|me|ly|gl|xyz|info|edu|gov|uk|de|fr|jp|es|it|nl|ca|us|tv|news|blog|shop";
/** Scheme URLs, and bare domains like `example.com/path` as twitter-text also links them. */
const URL_RE = new RegExp(
  `\\bhttps?:\\/\\/[^\\s<>"]+|(?<![@\\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${TLDS})\\b(?:\\/[^\\s<>"]*)?`,
  "gi",
);
const EMOJI_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

function trimTrailingPunctuation(url: string): string {
  return url.replace(/[.,;:!?)\]'"]+$/, "");
}

function codePointWeight(cp: number): number {
  return LIGHT_RANGES.some(([a, b]) => cp >= a && cp <= b) ? 1 : 2;
}

function plainWeight(text: string): number {
  let weight = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (EMOJI_RE.test(segment)) {
      weight += 2;
      continue;
    }
    for (const ch of segment) weight += codePointWeight(ch.codePointAt(0)!);
  }
  return weight;
}

/** URLs in the text, as X detects them. */
export function findUrls(text: string): string[] {
  return [...text.normalize("NFC").matchAll(URL_RE)].map((m) => trimTrailingPunctuation(m[0]));
}

/** The weighted length X compares with 280. */
export function weightedLength(text: string): number {
  const normalized = text.normalize("NFC");
  let weight = 0;
  let last = 0;
  for (const m of normalized.matchAll(URL_RE)) {
    const url = trimTrailingPunctuation(m[0]);
    weight += plainWeight(normalized.slice(last, m.index)) + URL_WEIGHT;
    last = m.index + url.length;
  }
  return weight + plainWeight(normalized.slice(last));
}

/** The text X stores and returns: every URL wrapped as a t.co link. */
export function wrapUrls(text: string): string {
  let out = "";
  let last = 0;
  const normalized = text.normalize("NFC");
  for (const m of normalized.matchAll(URL_RE)) {
    const url = trimTrailingPunctuation(m[0]);
    out += normalized.slice(last, m.index) + `https://t.co/${randomBytes(8).toString("base64url").slice(0, 10)}`;
    last = m.index + url.length;
  }
  return out + normalized.slice(last);
}
