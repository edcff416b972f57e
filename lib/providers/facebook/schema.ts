import { z } from "zod";
import type { TokenSet } from "@/lib/providers/types";

/**
 * zod schemas for what Graph answers. Loose objects: Meta adds fields without notice, and we
 * must not fail a connect because of one.
 */

/** `GET oauth/access_token` (code or fb_exchange_token): `{access_token, token_type, expires_in?}`. */
export const ZGraphTokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().int().nonnegative().optional(),
});
export type TGraphTokenResponse = z.infer<typeof ZGraphTokenResponse>;

/** The same response normalised to the engine's TokenSet (Facebook returns no refresh token and no scopes). */
export const ZFacebookTokenSet: z.ZodType<TokenSet> = ZGraphTokenResponse.transform((t) => ({
  accessToken: t.access_token,
  refreshToken: null,
  expiresIn: t.expires_in ?? null,
  scopes: null,
  providerUserId: null,
}));

const ZPicture = z.looseObject({ data: z.looseObject({ url: z.string().optional() }).optional() });

export const ZGraphInstagramAccount = z.looseObject({
  id: z.string(),
  username: z.string().optional(),
  profile_picture_url: z.string().optional(),
});

/** One entry of `me/accounts` with the fields we expand. */
export const ZGraphPage = z.looseObject({
  id: z.string(),
  name: z.string().default(""),
  access_token: z.string().optional(),
  picture: ZPicture.optional(),
  instagram_business_account: ZGraphInstagramAccount.optional(),
});
export type TGraphPage = z.infer<typeof ZGraphPage>;

export const ZGraphPaging = z.looseObject({
  cursors: z.looseObject({ before: z.string().optional(), after: z.string().optional() }).optional(),
  next: z.string().optional(),
  previous: z.string().optional(),
});

/** A Graph edge page: `{data:[…], paging?:{cursors, next?}}`; no `next` = last page. */
export const ZGraphPageList = z.looseObject({
  data: z.array(ZGraphPage),
  paging: ZGraphPaging.optional(),
});

/** `GET me/permissions`: `{data:[{permission, status: "granted" | "declined" | "expired"}]}`. */
export const ZGraphPermissions = z.looseObject({
  data: z.array(z.looseObject({ permission: z.string(), status: z.string() })),
});

/** A Graph batch answer: one `{code, body}` per request (body is JSON text), `null` when omitted. */
export const ZGraphBatchResponse = z.array(z.looseObject({ code: z.number(), body: z.string().optional() }).nullable());

export const ZGraphSuccess = z.looseObject({ success: z.boolean() });
/** `me?fields=id`: the app-scoped id of the Facebook user the token belongs to. */
export const ZGraphMe = z.looseObject({ id: z.string() });

/** `GET /{page-id}/subscribed_apps`. */
export const ZSubscribedApps = z.looseObject({
  data: z.array(z.looseObject({ id: z.string().optional(), name: z.string().optional(), subscribed_fields: z.array(z.string()).optional() })),
});

/** `GET /{app-id}/subscriptions`. */
export const ZAppSubscriptions = z.looseObject({
  data: z.array(
    z.looseObject({
      object: z.string(),
      callback_url: z.string().optional(),
      active: z.boolean().optional(),
      fields: z.array(z.union([z.string(), z.looseObject({ name: z.string() })])).optional(),
    }),
  ),
});

/** Meta's error body: `{"error":{message,type,code,error_subcode,…,fbtrace_id}}`. */
export const ZGraphError = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.coerce.number().optional(),
    error_subcode: z.coerce.number().optional(),
    is_transient: z.boolean().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    fbtrace_id: z.string().optional(),
  }),
});
