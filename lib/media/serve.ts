import "server-only";
import { InvalidMediaKeyError, isValidKey, mediaStorage, verifyMediaSignature, type MediaStorage } from "./storage";

const TYPES: Record<string, string> = { jpg: "image/jpeg", png: "image/png", gif: "image/gif", webp: "image/webp" };

function notFound(): Response {
  return Response.json({ error: { code: "not_found", message: "This image link is invalid or has expired." } }, { status: 404, headers: { "Cache-Control": "no-store" } });
}

/**
 * Serves `/media/<org>/<file>?exp=&sig=`: the signature must match the key and be unexpired; the
 * key must be one of ours (no `..`, no other folder). Anything else is the same 404.
 */
export async function serveSignedMedia(request: Request, segments: readonly string[], storage: MediaStorage = mediaStorage()): Promise<Response> {
  const key = segments.map((s) => decodeURIComponent(s)).join("/");
  const url = new URL(request.url);
  const exp = Number(url.searchParams.get("exp"));
  const sig = url.searchParams.get("sig") ?? "";
  if (!isValidKey(key) || !verifyMediaSignature(key, exp, sig)) return notFound();
  try {
    const bytes = await storage.get(key);
    if (!bytes) return notFound();
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": TYPES[key.split(".").pop()!] ?? "application/octet-stream",
        "Content-Length": String(bytes.length),
        "Cache-Control": "private, max-age=300",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (err instanceof InvalidMediaKeyError) return notFound();
    throw err;
  }
}
