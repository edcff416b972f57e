import { z } from "zod";
import type { TokenSet } from "@/lib/providers/types";

/** Code exchange: `{access_token, user_id}` (short-lived, 1 h). */
export const ZThreadsToken: z.ZodType<TokenSet> = z
  .object({
    access_token: z.string().min(1),
    user_id: z.union([z.string(), z.number()]).optional(),
    expires_in: z.coerce.number().positive().optional(),
  })
  .transform((t): TokenSet => ({
    accessToken: t.access_token,
    refreshToken: null,
    expiresIn: t.expires_in ?? 3600,
    scopes: null,
    providerUserId: t.user_id === undefined ? null : String(t.user_id),
  })) as unknown as z.ZodType<TokenSet>;

/** th_exchange_token / th_refresh_token: `{access_token, token_type, expires_in}` (60 days). */
export const ZThreadsLongLived = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

/** GET /v1.0/me?fields=id,username,name,threads_profile_picture_url */
export const ZThreadsMe = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  threads_profile_picture_url: z.string().optional(),
});
export type TThreadsMe = z.infer<typeof ZThreadsMe>;

/** Meta-style error. */
export const ZGraphError = z.object({
  error: z
    .object({
      message: z.string().optional(),
      type: z.string().optional(),
      code: z.number().optional(),
      error_subcode: z.number().optional(),
    })
    .passthrough(),
});
