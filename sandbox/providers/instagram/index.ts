/** Instagram API with Instagram Login: www.instagram.com, api.instagram.com, graph.instagram.com. */
import { json } from "../../core/http";
import type { SandboxModule } from "../../core/types";
import { E, metaRateLimited, metaUsageHeaders } from "../meta/errors";
import { IG_LOGIN } from "./fixtures";
import { instagramGraphRoutes } from "./graph-routes";
import { instagramLoginRoutes } from "./login";
import { createInstagramState, type InstagramState } from "./state";

export const instagramModule: SandboxModule<InstagramState> = {
  name: "instagram",
  createState: createInstagramState,
  routes: [],
  errors: {
    serverError: (req) =>
      req.host === "api.instagram.com" ? json({ error_type: "OAuthException", code: 500, error_message: "An unknown error has occurred." }, 500) : E.serverError(),
    rateLimited: (req, info) => metaRateLimited(req, info),
    usageHeaders: (req, info) => metaUsageHeaders(req, info),
    notFound: (req) => (req.host === "graph.instagram.com" ? E.unknownPath(req.path) : json({ error_type: "NotFound", code: 404, error_message: "Page not found" }, 404)),
  },
  control: [
    {
      method: "POST",
      host: "__sandbox",
      path: "/instagram/token-shape",
      label: "sandbox POST /instagram/token-shape",
      handler: (req, ctx) => {
        const shape = (req.json as { shape?: string } | undefined)?.shape ?? req.form.get("shape");
        if (shape !== "data" && shape !== "flat" && shape !== "fixture") return json({ error: 'shape must be "data", "flat" or "fixture"' }, 400);
        ctx.state(instagramModule).tokenShape = shape === "fixture" ? undefined : shape;
        return json({ shape });
      },
    },
    {
      method: "POST",
      host: "__sandbox",
      path: "/instagram/drop-subscription",
      label: "sandbox POST /instagram/drop-subscription",
      // What Meta does behind an app's back (the person removes the app in Instagram's settings, a
      // permission change): the account's webhook subscription is gone; nothing tells the app.
      handler: (req, ctx) => {
        const igId = String((req.json as { igId?: string } | undefined)?.igId ?? req.form.get("igId") ?? "");
        if (!IG_LOGIN.account(igId)) return json({ error: `Unknown igId "${igId}"` }, 400);
        return json({ dropped: ctx.state(instagramModule).subscriptions.delete(igId) });
      },
    },
  ],
  users: () => IG_LOGIN.accounts.map((a) => ({ id: a.userId, name: a.name, username: `@${a.username}`, scenario: a.scenario })),
};

const stateOf = (ctx: Parameters<SandboxModule["routes"][number]["handler"]>[1]) => ctx.state(instagramModule);
instagramModule.routes.push(...instagramLoginRoutes(stateOf), ...instagramGraphRoutes(stateOf));

export default instagramModule;
