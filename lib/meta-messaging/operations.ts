import "server-only";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { fail, orgOperation } from "@/lib/actions";
import { isApiErrorCode } from "@/lib/api/errors";
import { INTEGRATIONS_PATH } from "./constants";
import { disconnectMeta } from "./disconnect";
import { MetaMessagingError } from "./errors";
import { getMetaConnection } from "./settings";
import { selectPendingPage } from "./select";

/**
 * The operations on an organization's Meta connection that both the Integrations card (server
 * actions) and HTTP clients (the JSON routes under /api/integrations/meta) offer: written once,
 * so both check the same role and input and answer with the same error codes.
 */

/** A domain failure as the shared vocabulary (lib/api/errors.ts): same code, same message. */
export function failWithMetaError(err: unknown): never {
  if (err instanceof MetaMessagingError) fail(isApiErrorCode(err.code) ? err.code : "internal", err.message);
  throw err;
}

export const selectMetaPage = orgOperation({
  role: "admin",
  schema: z.object({ pageId: z.string().regex(/^\d{1,32}$/, "Pick a Page.") }),
  async run(input, ctx) {
    const db = getDb();
    try {
      const r = await selectPendingPage(db, { organizationId: ctx.org.organizationId, userId: ctx.user.id, pageId: input.pageId });
      revalidatePath(INTEGRATIONS_PATH);
      return { webhooks: r.webhooks, connection: await getMetaConnection(db, ctx.org.organizationId) };
    } catch (err) {
      return failWithMetaError(err);
    }
  },
});

export const disconnectMetaPage = orgOperation({
  role: "admin",
  schema: z.object({}),
  async run(_input, ctx) {
    try {
      const r = await disconnectMeta(getDb(), ctx.org.organizationId);
      revalidatePath(INTEGRATIONS_PATH);
      return { disconnected: true as const, unsubscribed: r.unsubscribed };
    } catch (err) {
      return failWithMetaError(err);
    }
  },
});
