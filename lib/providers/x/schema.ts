import { z } from "zod";

/** GET /2/users/me?user.fields=profile_image_url,username,name */
export const ZXMe = z.object({
  data: z.object({
    id: z.string(),
    name: z.string(),
    username: z.string(),
    profile_image_url: z.string().optional(),
  }),
});
export type TXMe = z.infer<typeof ZXMe>;

/** X Problem object, as the body or inside `errors[]`. */
export const ZXProblem = z
  .object({
    type: z.string().optional(),
    title: z.string().optional(),
    detail: z.string().optional(),
    status: z.number().optional(),
    error: z.string().optional(),
    errors: z.array(z.object({ message: z.string().optional(), title: z.string().optional(), type: z.string().optional() })).optional(),
  })
  .passthrough();
