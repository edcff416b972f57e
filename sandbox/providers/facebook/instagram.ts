/** Instagram publishing through Facebook Login (graph.facebook.com, Page or user token): media, media_publish, content_publishing_limit. */
import { json } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E } from "../meta/errors";
import { authenticate, fieldSpecs, graphRoute, publicUrl, requireScope, selectEach, type Caller } from "../meta/graph";
import { createContainer, mediaNode, publishContainer, publishingLimit } from "../meta/ig-publishing";
import { paginate } from "../meta/paging";
import { FB } from "./fixtures";
import { canActOnIg } from "./nodes";
import type { FacebookState } from "./state";

const HOST = "graph.facebook.com";

function igCaller(req: SandboxRequest, ctx: SandboxContext, scopes: string[][]): Caller | Response {
  const caller = authenticate(req, ctx, "facebook");
  if (caller instanceof Response) return caller;
  const igId = req.params.id!;
  if (!FB.ig(igId) || !canActOnIg(caller, igId)) return E.unsupported(req.method, igId);
  for (const anyOf of scopes) {
    const denied = requireScope(caller, anyOf);
    if (denied) return denied;
  }
  return caller;
}

export function instagramRoutes(stateOf: (ctx: SandboxContext) => FacebookState): Route[] {
  const publish = [["instagram_basic"], ["instagram_content_publish"]];
  return [
    ...graphRoute(HOST, "POST", "/{id}/media", async (req, ctx) => {
      const caller = igCaller(req, ctx, publish);
      return caller instanceof Response ? caller : createContainer(stateOf(ctx).ig, ctx, req, req.params.id!);
    }),
    ...graphRoute(HOST, "POST", "/{id}/media_publish", (req, ctx) => {
      const caller = igCaller(req, ctx, publish);
      return caller instanceof Response ? caller : publishContainer(stateOf(ctx).ig, ctx, req, req.params.id!);
    }),
    ...graphRoute(HOST, "GET", "/{id}/content_publishing_limit", (req, ctx) => {
      const caller = igCaller(req, ctx, [["instagram_basic"]]);
      return caller instanceof Response ? caller : publishingLimit(stateOf(ctx).ig, ctx, req.params.id!);
    }),
    ...graphRoute(HOST, "GET", "/{id}/media", (req, ctx) => {
      const caller = igCaller(req, ctx, [["instagram_basic"]]);
      if (caller instanceof Response) return caller;
      const specs = fieldSpecs(req);
      if (specs instanceof Response) return specs;
      const items = [...stateOf(ctx).ig.media.values()].filter((m) => m.ownerId === req.params.id).reverse();
      const page = paginate(items, req.query, publicUrl(req));
      if (!page.ok) return E.param(page.message);
      const data = selectEach(page.data.map(mediaNode), specs, ["id"]);
      if (data instanceof Response) return data;
      return json(page.paging ? { data, paging: page.paging } : { data });
    }),
  ];
}
