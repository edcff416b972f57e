/** LinkedIn: OAuth at www.linkedin.com, the versioned `/rest` API and legacy `/v2` API at api.linkedin.com. */
import type { SandboxContext, SandboxModule } from "../../core/types";
import { findOrganization, MEMBERS, memberName } from "./fixtures";
import { identityRoutes } from "./identity";
import { imageRoutes } from "./images";
import { authorize, tokenRoutes } from "./oauth";
import { organizationRoutes } from "./organizations";
import { postRoutes } from "./posts";
import { restError } from "./respond";
import { createLinkedInState, type LinkedInState } from "./state";

const stateOf = (ctx: SandboxContext) => ctx.state(linkedin);

export const linkedin: SandboxModule<LinkedInState> = {
  name: "linkedin",
  createState: createLinkedInState,
  routes: [...authorize, ...tokenRoutes, ...identityRoutes, ...organizationRoutes, ...imageRoutes(stateOf), ...postRoutes(stateOf)],
  errors: {
    serverError: () => restError(500, "Internal Server Error"),
    rateLimited: () =>
      restError(429, "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.", { code: "TOO_MANY_REQUESTS", serviceErrorCode: 101 }),
    notFound: (req) => restError(404, `No virtual resource found for ${req.method} ${req.path}`, { code: "NOT_FOUND" }),
  },
  users: () =>
    MEMBERS.map((m) => ({
      id: m.sub,
      name: memberName(m),
      username: m.vanityName,
      scenario: `${m.scenario}${m.roles.length ? ` (pages: ${m.roles.map((r) => findOrganization(r.organizationId)?.name).join(", ")})` : ""}`,
    })),
  inspect: (state) => ({ posts: state.posts, images: [...state.images.values()].filter((i) => !i.seeded).map(({ bytes: _b, ...i }) => i) }),
};

export default linkedin;
export { linkedin as linkedinModule };
