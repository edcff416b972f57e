/** X: OAuth 2.0 with PKCE at x.com / twitter.com, API v2 at api.x.com / api.twitter.com. */
import type { SandboxContext, SandboxModule } from "../../core/types";
import { apiRoutes } from "./api";
import { X_USERS } from "./fixtures";
import { mediaRoutes } from "./media";
import { authorize, tokenRoutes } from "./oauth";
import { problem } from "./respond";
import { createXState, type XState } from "./state";

const stateOf = (ctx: SandboxContext) => ctx.state(x);

export const x: SandboxModule<XState> = {
  name: "x",
  createState: createXState,
  routes: [...authorize, ...tokenRoutes, ...apiRoutes(stateOf), ...mediaRoutes(stateOf)],
  errors: {
    serverError: () => problem(503, "Service Unavailable", "Service Unavailable"),
    rateLimited: (_req, info) =>
      problem(429, "Too Many Requests", "Too Many Requests", {
        "x-rate-limit-limit": String(info.limit),
        "x-rate-limit-remaining": "0",
        "x-rate-limit-reset": String(Math.ceil(info.resetAt / 1000)),
      }),
    notFound: (req) => problem(404, "Not Found Error", `Sorry, that page does not exist: ${req.method} ${req.path}`, {}, "https://api.twitter.com/2/problems/resource-not-found"),
  },
  users: () => X_USERS.map((u) => ({ id: u.id, name: u.name, username: u.username, scenario: u.scenario })),
};

export default x;
export { x as xModule };
