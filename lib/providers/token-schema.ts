import { z } from "zod";
import type { TokenSet } from "./types";

/** Splits a granted-scope string ("a b", "a,b") into a list. */
export function splitScopes(value: string | string[] | null | undefined): string[] | null {
  if (value === null || value === undefined) return null;
  const list = Array.isArray(value) ? value : value.split(/[\s,]+/);
  return list.map((s) => s.trim()).filter(Boolean);
}

/** RFC 6749 §5.1 token response → TokenSet (access_token, refresh_token?, expires_in?, scope?). */
export const standardTokenSchema: z.ZodType<TokenSet> = z
  .object({
    access_token: z.string().min(1),
    refresh_token: z.string().min(1).optional().nullable(),
    expires_in: z.coerce.number().positive().optional().nullable(),
    scope: z.union([z.string(), z.array(z.string())]).optional().nullable(),
    user_id: z.union([z.string(), z.number()]).optional().nullable(),
  })
  .transform(
    (t): TokenSet => ({
      accessToken: t.access_token,
      refreshToken: t.refresh_token ?? null,
      expiresIn: t.expires_in ?? null,
      scopes: splitScopes(t.scope),
      providerUserId: t.user_id === undefined || t.user_id === null ? null : String(t.user_id),
    }),
  ) as unknown as z.ZodType<TokenSet>;
