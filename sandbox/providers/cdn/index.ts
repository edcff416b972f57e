/**
 * The providers' picture CDNs (pbs.twimg.com, scontent.xx.fbcdn.net, scontent.cdninstagram.com,
 * media.licdn.com). The API answers of the other modules point account pictures here, as the real
 * APIs do, and these routes answer with real image bytes (a PNG of the account's initials), so the
 * app's picture download is exercised end to end. A few file names play what goes wrong on a CDN:
 * `…/redirect-away.*` redirects to a host that is not the provider's, `…/too-large.*` is a body far
 * bigger than any avatar, `…/not-an-image.*` is an HTML page served as image/jpeg, `…/gone.*` is 404.
 */
import sharp from "sharp";
import { avatarSvg } from "../../core/avatar";
import { redirect, text } from "../../core/http";
import type { Route, SandboxModule, SandboxRequest } from "../../core/types";

export const PICTURE_HOSTS = {
  x: "pbs.twimg.com",
  facebook: "scontent.xx.fbcdn.net",
  instagram: "scontent.cdninstagram.com",
  linkedin: "media.licdn.com",
} as const;

const PATHS: Record<keyof typeof PICTURE_HOSTS, (seed: string) => string> = {
  x: (seed) => `/profile_images/${seed}/avatar_normal.png`,
  facebook: (seed) => `/v/t39.30808-1/${seed}_n.png`,
  instagram: (seed) => `/v/t51.2885-19/${seed}_n.png`,
  linkedin: (seed) => `/dms/image/v2/${seed}/profile-displayphoto-shrink_200_200/0.png`,
};

/**
 * The https URL an API answer gives for an account's picture on `cdn`. `label` picks the initials;
 * Meta's signed URLs carry query parameters (`oh`, `oe`), and so do these.
 */
export function pictureUrl(cdn: keyof typeof PICTURE_HOSTS, seed: string, label: string): string {
  const q = new URLSearchParams({ label, oh: "00_sandbox", oe: "6A000000" });
  return `https://${PICTURE_HOSTS[cdn]}${PATHS[cdn](encodeURIComponent(seed))}?${q}`;
}

const cache = new Map<string, Uint8Array<ArrayBuffer>>();

async function png(seed: string, label: string): Promise<Uint8Array<ArrayBuffer>> {
  const key = `${seed}\u0000${label}`;
  let bytes = cache.get(key);
  if (!bytes) {
    bytes = new Uint8Array(await sharp(Buffer.from(avatarSvg(seed, label))).resize(200, 200).png().toBuffer());
    if (cache.size > 500) cache.clear();
    cache.set(key, bytes);
  }
  return bytes;
}

async function serve(req: SandboxRequest): Promise<Response> {
  const file = req.path.split("/").filter(Boolean).join("/");
  if (/(^|\/)redirect-away/.test(file)) return redirect("https://attacker.example/pixel.png");
  if (/(^|\/)gone/.test(file)) return text("Not Found", 404);
  if (/(^|\/)not-an-image/.test(file)) {
    return new Response("<!doctype html><title>Sign in</title><p>Please sign in to view this content.</p>", { headers: { "content-type": "image/jpeg" } });
  }
  if (/(^|\/)too-large/.test(file)) {
    // 12 MB: a real image header followed by padding (the app must stop reading long before the end).
    const head = await png("too-large", "TL");
    const body = new Uint8Array(12 * 1024 * 1024);
    body.set(head, 0);
    return new Response(body, { headers: { "content-type": "image/png" } });
  }
  const label = req.query.get("label") ?? file;
  return new Response(await png(file, label), { headers: { "content-type": "image/png", "cache-control": "public, max-age=86400" } });
}

/**
 * Where Meta serves message attachments: Messenger and Instagram voice clips and files on
 * cdn.fbsbx.com (`/v/t59.3654-21/<id>_n.mp4/audioclip-….mp4`, `/v/t59.2708-21/<id>_n.pdf/<name>`),
 * videos on video.xx.fbcdn.net, Instagram's shared posts and stories on lookaside.fbsbx.com.
 */
export const ATTACHMENT_HOSTS = { files: "cdn.fbsbx.com", video: "video.xx.fbcdn.net", lookaside: "lookaside.fbsbx.com" } as const;

export type TMediaKind = "image" | "audio" | "video" | "file";

/** The signed URL Meta would put in a webhook for an attachment of `kind` (`name`: a file's name). */
export function attachmentUrl(kind: TMediaKind, id: string, name = "Invoice.pdf"): string {
  const q = "_nc_cat=1&_nc_sid=sandbox&oh=03_sandbox&oe=6A000000";
  if (kind === "image") return `https://${PICTURE_HOSTS.facebook}/v/t1.15752-9/${id}_n.png?${q}`;
  if (kind === "audio") return `https://${ATTACHMENT_HOSTS.files}/v/t59.3654-21/${id}_n.mp4/audioclip-${id}.mp4?${q}`;
  if (kind === "video") return `https://${ATTACHMENT_HOSTS.video}/v/t42.3356-2/${id}_n.mp4?${q}`;
  const ext = name.includes(".") ? name.split(".").pop()! : "bin";
  return `https://${ATTACHMENT_HOSTS.files}/v/t59.2708-21/${id}_n.${encodeURIComponent(ext)}/${encodeURIComponent(name)}?${q}`;
}

/** An ISO media file's first box: `ftyp` with its major brand (what file-type reads). */
function mp4(brand: string, size: number): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(size);
  const head = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from(`ftyp${brand}`, "latin1"), Buffer.from([0, 0, 2, 0]), Buffer.from(`${brand}isommp42`, "latin1"), Buffer.from([0, 0, 0, 8]), Buffer.from("free", "latin1")]);
  body.set(head, 0);
  return body;
}

/** Bytes for a file name: voice clips (MP4/AAC), videos, PDFs, executables, text, images. */
async function attachmentBytes(name: string, size?: number): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string }> {
  const ext = name.split(".").pop()?.toLowerCase() ?? "";
  if (/^audioclip/.test(name) || ext === "m4a") return { bytes: mp4("M4A ", size ?? 4096), type: "audio/mp4" };
  if (ext === "mp4" || ext === "mov") return { bytes: mp4(ext === "mov" ? "qt  " : "isom", size ?? 8192), type: "video/mp4" };
  if (ext === "pdf") {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
    const body = new Uint8Array(size ?? pdf.length);
    body.set(pdf.subarray(0, body.length), 0);
    return { bytes: body, type: "application/pdf" };
  }
  if (ext === "exe") {
    const body = new Uint8Array(size ?? 1024);
    body.set(Buffer.from("MZ", "latin1"), 0);
    body.set([0x80, 0, 0, 0], 0x3c);
    body.set(Buffer.from("PE\0\0", "latin1"), 0x80);
    body.set([0x4c, 0x01], 0x84);
    return { bytes: body, type: "application/octet-stream" };
  }
  if (["png", "jpg", "jpeg", "gif", "webp"].includes(ext)) return { bytes: await png(name, "AT"), type: "image/png" };
  const text = new TextEncoder().encode(`Sandbox file ${name}\nline 2\n`);
  const body = new Uint8Array(size ?? text.length);
  body.set(text.subarray(0, body.length), 0);
  return { bytes: body, type: "text/plain" };
}

/**
 * A message attachment: the bytes its file name says (the last path segment; lookaside's
 * `asset_id`). The failure names play as on the picture hosts; `too-large…` is 30 MB, over every
 * cap Meta documents (25 MB for audio, video and files).
 */
async function serveAttachment(req: SandboxRequest): Promise<Response> {
  const segments = req.path.split("/").filter(Boolean).map((s) => decodeURIComponent(s));
  const name = req.host === ATTACHMENT_HOSTS.lookaside ? (req.query.get("asset_id") ?? "asset.png") : (segments.at(-1) ?? "");
  const file = segments.join("/");
  if (/(^|\/)redirect-away/.test(file)) return redirect("https://attacker.example/file.bin");
  if (/(^|\/)gone/.test(file)) return text("Not Found", 404);
  if (/(^|\/)not-media/.test(file)) {
    return new Response("<!doctype html><title>Sign in</title><p>Please sign in to view this content.</p>", { headers: { "content-type": "audio/mpeg" } });
  }
  const { bytes, type } = await attachmentBytes(name, /(^|\/)too-large/.test(file) ? 30 * 1024 * 1024 : undefined);
  return new Response(bytes, { headers: { "content-type": type, "content-disposition": `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, "_")}"` } });
}

const routes: Route[] = [
  ...Object.values(PICTURE_HOSTS).map((host): Route => ({
    method: "GET",
    host,
    path: "/:file*",
    label: `${host} GET picture`,
    handler: serve,
  })),
  ...Object.values(ATTACHMENT_HOSTS).map((host): Route => ({
    method: "GET",
    host,
    path: "/:file*",
    label: `${host} GET attachment`,
    handler: serveAttachment,
  })),
];

export const cdn: SandboxModule<null> = {
  name: "cdn",
  createState: () => null,
  routes,
};
