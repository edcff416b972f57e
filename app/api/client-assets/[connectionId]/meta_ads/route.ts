import { getDb } from "@/db/client";
import { sharedAssetsForAgency } from "@/lib/agency/connections";
import { route, type TNextRouteHandler } from "@/lib/api/route";

export const dynamic = "force-dynamic";

// The assets a client shared with the agency, live from Meta, for the agency's own tools: the
// signed-in agency (any member) or one of its API keys. Another organization's id is a 404.

const RATE = { scope: "client-assets", limit: 60, windowMs: 60_000 };
const idOf = (params: Record<string, string | string[]>) => String(params.connectionId ?? "");

const withSession = route({ auth: "session", role: "member", rateLimit: RATE }, (_input, who, { params }) =>
  sharedAssetsForAgency(getDb(), who.organizationId, idOf(params)),
);
const withApiKey = route({ auth: "apiKey", rateLimit: RATE }, (_input, who, { params }) => sharedAssetsForAgency(getDb(), who.apiKey.organizationId, idOf(params)));

/** A bearer token means an API key; otherwise the session cookie. */
export const GET: TNextRouteHandler = (request, context) => (request.headers.has("authorization") ? withApiKey(request, context) : withSession(request, context));
