import { z } from "zod";

/**
 * zod for what Instagram's Business Login endpoints answer (REFERENCE.md, "Instagram API with
 * Instagram Login"). Shapes only — mapping to our types lives in transform.ts.
 */

const ZId = z.union([z.string().min(1), z.number()]).transform((v) => String(v));
/** Permissions arrive as "a,b" in the documented shape and as ["a","b"] in the flat one. */
const ZPermissions = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean));

const ZShortLivedToken = z.object({
  access_token: z.string().min(1),
  user_id: ZId.optional(),
  permissions: ZPermissions.optional(),
});

/** `POST api.instagram.com/oauth/access_token`: documented `{data:[{…}]}`, or the flat `{…}` seen in practice. */
export const ZCodeExchangeResponse = z.union([
  z.object({ data: z.array(ZShortLivedToken).min(1) }).transform((v) => v.data[0]!),
  ZShortLivedToken,
]);
export type TCodeExchangeResponse = z.output<typeof ZCodeExchangeResponse>;

/** `GET graph.instagram.com/access_token` (ig_exchange_token) and `/refresh_access_token` (ig_refresh_token). */
export const ZLongLivedTokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().int().positive(),
});
export type TLongLivedTokenResponse = z.output<typeof ZLongLivedTokenResponse>;

/** The fields we ask `/me` for. */
export const PROFILE_FIELDS = [
  "user_id",
  "username",
  "name",
  "account_type",
  "profile_picture_url",
  "followers_count",
  "media_count",
] as const;

/** `GET graph.instagram.com/vNN/me?fields=…`; `user_id` is the professional account id. */
export const ZProfile = z.object({
  /** App-scoped id; not the one to store. */
  id: ZId.optional(),
  user_id: ZId,
  username: z.string().min(1),
  name: z.string().nullish(),
  account_type: z.string().nullish(),
  profile_picture_url: z.string().nullish(),
  followers_count: z.number().nullish(),
  media_count: z.number().nullish(),
});
export type TProfile = z.output<typeof ZProfile>;

/** api.instagram.com errors: `{error_type, code, error_message}`. */
export const ZInstagramOAuthError = z.object({
  error_type: z.string().optional(),
  code: z.union([z.number(), z.string()]).optional(),
  error_message: z.string(),
});

/** graph.instagram.com errors: Meta's `{error:{message, type, code, error_subcode, …}}`. */
export const ZGraphError = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.coerce.number().optional(),
    error_subcode: z.coerce.number().optional(),
    is_transient: z.boolean().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
  }),
});
