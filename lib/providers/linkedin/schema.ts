import { z } from "zod";

/** GET /v2/userinfo (OpenID Connect). */
export const ZUserinfo = z.object({
  sub: z.string(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  picture: z.string().optional(),
  email: z.string().optional(),
});
export type TUserinfo = z.infer<typeof ZUserinfo>;

/** GET /rest/organizationAcls?q=roleAssignee */
export const ZOrganizationAcls = z.object({
  elements: z.array(
    z.object({
      organization: z.string().optional(),
      organizationalTarget: z.string().optional(),
      role: z.string().optional(),
      state: z.string().optional(),
    }),
  ),
  paging: z
    .object({
      start: z.number().optional(),
      count: z.number().optional(),
      total: z.number().optional(),
      links: z.array(z.object({ rel: z.string(), href: z.string() })).optional(),
    })
    .optional(),
});
export type TOrganizationAcls = z.infer<typeof ZOrganizationAcls>;

const ZOrganization = z.object({
  id: z.number(),
  localizedName: z.string().optional(),
  vanityName: z.string().optional(),
  name: z.object({ localized: z.record(z.string(), z.string()) }).partial().optional(),
});
export type TOrganization = z.infer<typeof ZOrganization>;

/** GET /rest/organizations?ids=List(…) */
export const ZOrganizationsBatch = z.object({
  results: z.record(z.string(), ZOrganization),
});

/** REST errors `{status, serviceErrorCode?, code?, message}`; OAuth errors `{error, error_description}`. */
export const ZLinkedInError = z
  .object({
    status: z.number().optional(),
    serviceErrorCode: z.number().optional(),
    code: z.string().optional(),
    message: z.string().optional(),
    error: z.string().optional(),
    error_description: z.string().optional(),
  })
  .passthrough();
