import { serveSignedMedia } from "@/lib/media/serve";

/** Uploaded images at a signed, expiring URL (SECURITY A4): what Instagram, Threads, Facebook and Telegram download. */
export async function GET(request: Request, context: { params: Promise<{ key: string[] }> }): Promise<Response> {
  const { key } = await context.params;
  return serveSignedMedia(request, key);
}
