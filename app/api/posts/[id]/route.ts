import { z } from "zod";
import { getDb } from "@/db/client";
import { fail } from "@/lib/actions";
import { route } from "@/lib/api/route";
import { mediaStorage } from "@/lib/media/storage";
import { getPost } from "@/lib/publishing/manage";

export const dynamic = "force-dynamic";

const ZId = z.uuid();

/** One post with each target's live state (the Compose and Posts pages poll it while targets are in flight). */
export const GET = route({ auth: "session", role: "member", rateLimit: { scope: "post-status", limit: 600, windowMs: 60_000 } }, async (_input, who, { params }) => {
  const id = ZId.safeParse(params.id);
  if (!id.success) fail("not_found", "That post is no longer here.");
  const post = await getPost(getDb(), mediaStorage(), who.organizationId, id.data);
  if (!post) fail("not_found", "That post is no longer here.");
  return { post };
});
