/**
 * Facebook Login and the Graph API (www.facebook.com, graph.facebook.com): tokens, Pages,
 * webhooks, Messenger, Instagram publishing through Pages, the Marketing API and batch.
 */
import { FACEBOOK_APP } from "../../core/apps";
import { json } from "../../core/http";
import type { SandboxContext, SandboxModule } from "../../core/types";
import { E, metaRateLimited, metaUsageHeaders } from "../meta/errors";
import { batchRoutes } from "./batch";
import { deauthorizeControl } from "./deauthorize";
import { facebookDialogRoutes } from "./dialog";
import { FB, pagesOfUser } from "./fixtures";
import { instagramRoutes } from "./instagram";
import { marketingRoutes } from "./marketing";
import { messagingRoutes } from "./messaging";
import { pageRoutes } from "./pages";
import { seedControl } from "./seed";
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
    usageHeaders: (req, info) => metaUsageHeaders(req, info),
    notFound: (req) => {
      const first = req.path.split("/")[1] ?? "";
      if (req.host === "www.facebook.com") return new Response("This page isn't available", { status: 404, headers: { "content-type": "text/html" } });
      if (!/^v\d+\.\d+$/.test(first)) return E.unknownPath(req.path);
      return E.unsupported(req.method, req.path.split("/")[2] ?? "");
    },
  },
  control: [
    deauthorizeControl,
    ...seedControl((ctx) => stateOf(ctx)),
    {
      // Business Manager → System users → Generate token: a non-expiring token (the connector API's account_key).
      method: "POST",
      host: "__sandbox",
      path: "/meta/system-user-token",
      handler: (req, ctx) => {
        const input = (req.json ?? Object.fromEntries(req.form)) as { system_user_id?: string; scopes?: string[] | string };
        const user = FB.systemUser(input.system_user_id ?? FB.systemUsers[0]!.id);
        if (!user) return json({ error: `unknown system user; one of ${FB.systemUsers.map((u) => u.id).join(", ")}` }, 400);
        const scopes = Array.isArray(input.scopes) ? input.scopes : (input.scopes ?? "ads_read,ads_management,business_management").split(",").filter(Boolean);
        const t = ctx.oauth.issueToken({ provider: "facebook", clientId: FACEBOOK_APP.clientId, userId: user.id, scopes, ttlMs: null, extra: { longLived: true, systemUser: true }, prefix: "EAA" });
        return json({ access_token: t.token, system_user_id: user.id, scopes });
      },
    },
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
  users: () => [
    ...FB.users.map((u) => ({ id: u.id, name: u.name, username: u.email, scenario: `${u.scenario} — ${pagesOfUser(u.id).length} Page(s) reachable` })),
    ...FB.systemUsers.map((u) => ({ id: u.id, name: u.name, scenario: `System user of ${FB.business(u.businessId)!.name}: ${u.adAccountIds.length} ad accounts; token from POST /__sandbox/meta/system-user-token` })),
  ],
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
