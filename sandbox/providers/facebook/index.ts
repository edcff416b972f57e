/**
 * Facebook Login and the Graph API (www.facebook.com, graph.facebook.com): tokens, Pages,
 * webhooks, Messenger, Instagram publishing through Pages, the Marketing API and batch.
 */
import { json } from "../../core/http";
import type { SandboxContext, SandboxModule } from "../../core/types";
import { E, metaRateLimited } from "../meta/errors";
import { batchRoutes } from "./batch";
import { deauthorizeControl } from "./deauthorize";
import { facebookDialogRoutes } from "./dialog";
import { FB, pagesOfUser } from "./fixtures";
import { instagramRoutes } from "./instagram";
import { marketingRoutes } from "./marketing";
import { messagingRoutes } from "./messaging";
import { pageRoutes } from "./pages";
import { createFacebookState, type FacebookState } from "./state";
import { tokenRoutes } from "./token";
import { deliverMetaEvents, webhookRoutes } from "./webhooks";
import { instagramModule } from "../instagram";

export const facebookModule: SandboxModule<FacebookState> = {
  name: "facebook",
  createState: createFacebookState,
  routes: [],
  errors: {
    serverError: (req) => (req.host === "www.facebook.com" ? new Response("Sorry, something went wrong.", { status: 500 }) : E.serverError()),
    rateLimited: (req, info) => metaRateLimited(req, info),
    notFound: (req) => {
      const first = req.path.split("/")[1] ?? "";
      if (req.host === "www.facebook.com") return new Response("This page isn't available", { status: 404, headers: { "content-type": "text/html" } });
      if (!/^v\d+\.\d+$/.test(first)) return E.unknownPath(req.path);
      return E.unsupported(req.method, req.path.split("/")[2] ?? "");
    },
  },
  control: [
    deauthorizeControl,
    {
      method: "POST",
      host: "__sandbox",
      path: "/webhooks/meta",
      handler: async (req, ctx) => {
        const input = (req.json ?? Object.fromEntries(req.form)) as Record<string, unknown>;
        const report = await deliverMetaEvents(ctx, stateOf(ctx), input);
        return report instanceof Response ? report : json(report);
      },
    },
    {
      method: "GET",
      host: "__sandbox",
      path: "/subscriptions",
      handler: (_req, ctx) => {
        const s = stateOf(ctx);
        const app = Object.fromEntries([...s.appSubs].map(([appId, m]) => [appId, Object.fromEntries([...m].map(([o, sub]) => [o, { ...sub, verifyToken: undefined }]))]));
        return json({ app, pages: Object.fromEntries(s.pageSubs), instagram: Object.fromEntries(ctx.state(instagramModule).subscriptions) });
      },
    },
  ],
  users: () =>
    FB.users.map((u) => ({ id: u.id, name: u.name, username: u.email, scenario: `${u.scenario} — ${pagesOfUser(u.id).length} Page(s) reachable` })),
};

const stateOf = (ctx: SandboxContext) => ctx.state(facebookModule);

facebookModule.routes.push(
  ...facebookDialogRoutes,
  ...tokenRoutes,
  ...pageRoutes(stateOf),
  ...messagingRoutes(stateOf),
  ...instagramRoutes(stateOf),
  ...marketingRoutes(stateOf),
  ...webhookRoutes(stateOf),
  ...batchRoutes,
);

export default facebookModule;
