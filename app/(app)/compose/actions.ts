"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgAction } from "@/lib/actions";
import { ingestImage, UploadError } from "@/lib/media/images";
import { mediaStorage } from "@/lib/media/storage";
import { createPost, PostValidationError, ZCreatePostInput } from "@/lib/publishing/create";
import { rateLimit, rateLimitKey, retryAfterMessage } from "@/lib/rate-limit";
import { getBoss } from "@/lib/startup";

async function limit(scope: string, userId: string, max: number) {
  const r = await rateLimit(getDb(), { key: rateLimitKey.user(scope, userId), limit: max, windowMs: 10 * 60_000 });
  if (!r.ok) fail("rate_limited", retryAfterMessage(r.retryAfterSeconds));
}

const ZUpload = z.object({ file: z.instanceof(File, { message: "Choose an image to upload." }) });

/** One image: checked by its bytes, normalised, stored; answers what the form shows (no storage path). */
export const uploadImageAction = orgAction("member", ZUpload, async (input, ctx) => {
  await limit("upload", ctx.user.id, 120);
  try {
    const asset = await ingestImage(getDb(), mediaStorage(), {
      organizationId: ctx.org.organizationId,
      userId: ctx.user.id,
      bytes: new Uint8Array(await input.file.arrayBuffer()),
      name: input.file.name,
    });
    return { id: asset.id, width: asset.width, height: asset.height, mime: asset.mime, url: mediaStorage().signedUrl(asset.storageKey, 6 * 3600) };
  } catch (err) {
    if (err instanceof UploadError) fail("invalid_input", err.message, { file: err.message });
    throw err;
  }
});

/** Publish now or schedule: the post and its targets are written, then one job per target. */
export const publishPostAction = orgAction("member", ZCreatePostInput, async (input, ctx) => {
  await limit("publish", ctx.user.id, 60);
  try {
    const { post } = await createPost(getDb(), await getBoss(), { organizationId: ctx.org.organizationId, userId: ctx.user.id, post: input });
    revalidatePath("/posts");
    return { postId: post.id };
  } catch (err) {
    if (err instanceof PostValidationError) fail("invalid_input", err.message, err.targets);
    throw err;
  }
});
