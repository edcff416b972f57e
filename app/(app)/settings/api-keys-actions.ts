"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgAction } from "@/lib/actions";
import { addAllowedOrigin, createApiKey, normalizeOrigin, removeAllowedOrigin, revokeApiKey, ZCreateApiKeyInput } from "@/lib/api-keys";

// Settings → API keys (owners and admins): keys for the connector API and the redirect origins
// server-side OAuth may land on.

const TAB = "/settings/tab/api-keys";

/** The key is returned once, here; only its hash is kept. */
export const createApiKeyAction = orgAction("admin", ZCreateApiKeyInput, async (input, ctx) => {
  const created = await createApiKey(getDb(), { ...input, organizationId: ctx.org.organizationId, userId: ctx.user.id });
  revalidatePath(TAB);
  return { name: created.name, key: created.key, prefix: created.prefix };
});

export const revokeApiKeyAction = orgAction("admin", z.object({ id: z.uuid() }), async (input, ctx) => {
  if (!(await revokeApiKey(getDb(), ctx.org.organizationId, input.id))) fail("not_found", "That key does not exist or was already revoked.");
  revalidatePath(TAB);
});

const ZOrigin = z.object({
  origin: z
    .string()
    .trim()
    .max(300)
    .transform((v, c) => {
      const o = normalizeOrigin(v);
      if (!o) {
        c.addIssue({ code: "custom", message: "Use https://your-app.example (or http://localhost:PORT)." });
        return z.NEVER;
      }
      return o;
    }),
});

export const addAllowedOriginAction = orgAction("admin", ZOrigin, async (input, ctx) => {
  await addAllowedOrigin(getDb(), ctx.org.organizationId, input.origin);
  revalidatePath(TAB);
  return { origin: input.origin };
});

export const removeAllowedOriginAction = orgAction("admin", z.object({ origin: z.string().max(300) }), async (input, ctx) => {
  await removeAllowedOrigin(getDb(), ctx.org.organizationId, input.origin);
  revalidatePath(TAB);
});
