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

const routes: Route[] = Object.values(PICTURE_HOSTS).map((host) => ({
  method: "GET",
  host,
  path: "/:file*",
  label: `${host} GET picture`,
  handler: serve,
}));

export const cdn: SandboxModule<null> = {
  name: "cdn",
  createState: () => null,
  routes,
};
