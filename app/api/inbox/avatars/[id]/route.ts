import { eq, and } from "drizzle-orm";
import { getDb } from "@/db/client";
import { conversations } from "@/db/schema";
import { fail } from "@/lib/actions";
import { route } from "@/lib/api/route";

export const dynamic = "force-dynamic";

/** A conversation's stored participant picture (WebP), for members of its organization only. */
export const GET = route({ auth: "session", role: "member" }, async (_input, who, { params }) => {
  const id = String(params.id);
  const [row] = /^[0-9a-f-]{36}$/i.test(id)
    ? await getDb()
        .select({ avatar: conversations.participantAvatar })
        .from(conversations)
        .where(and(eq(conversations.id, id), eq(conversations.organizationId, who.organizationId)))
        .limit(1)
    : [];
  if (!row?.avatar) fail("not_found", "No such picture.");
  return new Response(new Uint8Array(row.avatar), { headers: { "Content-Type": "image/webp", "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff" } });
});
