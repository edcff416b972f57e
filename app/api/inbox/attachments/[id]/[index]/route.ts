import { getDb } from "@/db/client";
import { route } from "@/lib/api/route";
import { contentDispositionOf, readAttachment } from "@/lib/inbox/attachments";

export const dynamic = "force-dynamic";

/**
 * A message attachment's kept copy (downloaded from Meta at ingest, whose URLs expire), for members
 * of its organization only; another organization's is a 404 (A1). Served with the type its bytes
 * showed, never sniffed by the browser; images, audio and video inline, files only as a download.
 */
export const GET = route({ auth: "session", role: "member" }, async (_input, who, { params }) => {
  const { bytes, mime, kind, name } = await readAttachment(getDb(), who.organizationId, String(params.id), Number(params.index));
  return new Response(new Uint8Array(bytes), {
    headers: { "Content-Type": mime, "Content-Length": String(bytes.length), "Content-Disposition": contentDispositionOf(kind, name), "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox" },
  });
});
