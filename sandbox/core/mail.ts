/**
 * The sandbox mailbox: messages its SMTP server accepted, parsed enough to read them — headers,
 * encoded words in the subject, multipart/alternative (text and HTML), quoted-printable and
 * base64 bodies.
 */
import type { SmtpEnvelope } from "./smtp";

export interface MailMessage {
  id: string;
  /** The SMTP envelope (who the server was asked to deliver to). */
  envelope: SmtpEnvelope;
  from: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
  receivedAt: string;
  /** Links found in the text part (or the HTML part), for tests. */
  links: string[];
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitHeaders(raw: string): Part {
  const normalized = raw.replace(/\r\n/g, "\n");
  const end = normalized.indexOf("\n\n");
  const head = end >= 0 ? normalized.slice(0, end) : normalized;
  const body = end >= 0 ? normalized.slice(end + 2) : "";
  const headers = new Map<string, string>();
  let last: string | null = null;
  for (const line of head.split("\n")) {
    if (/^[ \t]/.test(line) && last) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    headers.set(last, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function param(value: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i").exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

function decodeQuotedPrintable(s: string): string {
  const soft = s.replace(/=\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i]!;
    if (c === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(part.body);
  return part.body;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as nodemailer writes them. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function collect(part: Part, out: { text: string | null; html: string | null }): void {
  const type = part.headers.get("content-type") ?? "text/plain";
  const mime = type.split(";")[0]!.trim().toLowerCase();
  if (mime.startsWith("multipart/")) {
    const boundary = param(type, "boundary");
    if (!boundary) return;
    const sections = part.body.split(`--${boundary}`);
    for (const section of sections.slice(1)) {
      if (section.startsWith("--")) break;
      collect(splitHeaders(section.replace(/^\n/, "")), out);
    }
    return;
  }
  if (mime === "text/plain" && out.text === null) out.text = decodeBody(part).replace(/\n$/, "");
  else if (mime === "text/html" && out.html === null) out.html = decodeBody(part);
}

export function parseMail(id: string, envelope: SmtpEnvelope, raw: string, receivedAt: Date): MailMessage {
  const top = splitHeaders(raw);
  const body = { text: null as string | null, html: null as string | null };
  collect(top, body);
  const source = body.text ?? body.html ?? "";
  const links = [...new Set(source.match(/https?:\/\/[^\s"'<>)]+/g) ?? [])];
  return {
    id,
    envelope,
    from: decodeWords(top.headers.get("from") ?? envelope.from),
    to: decodeWords(top.headers.get("to") ?? envelope.to.join(", ")),
    subject: decodeWords(top.headers.get("subject") ?? ""),
    text: body.text,
    html: body.html,
    receivedAt: receivedAt.toISOString(),
    links,
  };
}
