import { z } from "zod";
import { getDb } from "@/db/client";
import { fail } from "@/lib/actions";
import { route } from "@/lib/api/route";
import { findConnectionAvatar } from "@/lib/connections/avatars";

export const dynamic = "force-dynamic";

const ZQuery = z.object({ v: z.string().max(64).optional() });

/**
 * A connection's picture: the small WebP kept at connect, to members of its organization only
 * (another organization's id is simply not found). The URL carries the picture's version, so
 * the browser may keep it.
 */
export const GET = route({ auth: "session", role: "member", schema: ZQuery }, async (_input, who, { params }) => {
  const id = typeof params.id === "string" ? params.id : "";
  const avatar = z.uuid().safeParse(id).success ? await findConnectionAvatar(getDb(), who.organizationId, id) : null;
  if (!avatar) fail("not_found", "This connection has no picture.");
  return new Response(new Uint8Array(avatar.image), {
    headers: {
      "Content-Type": avatar.contentType,
      "Content-Length": String(avatar.image.byteLength),
      "Cache-Control": "private, max-age=86400",
      ETag: `"${avatar.etag}"`,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
});
