"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { orgAction } from "@/lib/actions";
import { cancelPost, markTargetPosted, postTargetAgain, retryTarget, updateScheduledPost, ZUpdateScheduledInput } from "@/lib/publishing/manage";
import { getBoss } from "@/lib/startup";

const ZTarget = z.object({ targetId: z.uuid("Unknown post.") });
const ZPost = z.object({ postId: z.uuid("Unknown post.") });

/** Retry on a failed target. */
export const retryTargetAction = orgAction("member", ZTarget, async (input, ctx) => {
  await retryTarget(getDb(), await getBoss(), ctx.org.organizationId, input.targetId);
  revalidatePath("/posts");
  return { targetId: input.targetId };
});

/** "Mark as posted" on a target we can't tell about. */
export const markTargetPostedAction = orgAction("member", ZTarget, async (input, ctx) => {
  await markTargetPosted(getDb(), ctx.org.organizationId, input.targetId);
  revalidatePath("/posts");
  return { targetId: input.targetId };
});

/** "Post again" on a target we can't tell about. */
export const postTargetAgainAction = orgAction("member", ZTarget, async (input, ctx) => {
  await postTargetAgain(getDb(), await getBoss(), ctx.org.organizationId, input.targetId);
  revalidatePath("/posts");
  return { targetId: input.targetId };
});

/** Cancels a scheduled post before any of its targets starts. */
export const cancelPostAction = orgAction("member", ZPost, async (input, ctx) => {
  await cancelPost(getDb(), ctx.org.organizationId, input.postId);
  revalidatePath("/posts");
  return { postId: input.postId };
});

/** Edits a scheduled post's text and time before any of its targets starts. */
export const updateScheduledPostAction = orgAction("member", ZUpdateScheduledInput, async (input, ctx) => {
  await updateScheduledPost(getDb(), await getBoss(), ctx.org.organizationId, input);
  revalidatePath("/posts");
  return { postId: input.postId };
});
