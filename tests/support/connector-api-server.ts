/**
 * The connector API's Next route handlers behind a real HTTP server (for integration tests and
 * the benchmark): each `/api/v1/…` and `/api/mcp` path goes to the route file Next would run,
 * with its `[id]` param.
 */
import { createServer, type Server } from "node:http";
import * as connectors from "@/app/api/v1/integrations/connectors/route";
import * as connector from "@/app/api/v1/integrations/connectors/[id]/route";
import * as execute from "@/app/api/v1/integrations/connectors/[id]/execute/route";
import * as initiate from "@/app/api/v1/integrations/connectors/oauth/initiate/route";
import * as consent from "@/app/api/v1/integrations/connectors/oauth/consent/route";
import * as callback from "@/app/api/v1/integrations/connectors/oauth/callback/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as mcp from "@/app/api/mcp/route";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>;

const ROUTES: Array<[RegExp, RouteModule]> = [
  [/^\/api\/v1\/integrations\/connectors$/, connectors],
  [/^\/api\/v1\/integrations\/connectors\/oauth\/initiate$/, initiate],
  [/^\/api\/v1\/integrations\/connectors\/oauth\/consent$/, consent],
  [/^\/api\/v1\/integrations\/connectors\/oauth\/callback$/, callback],
  [/^\/api\/v1\/integrations\/connectors\/(?<id>[^/]+)\/execute$/, execute],
  [/^\/api\/v1\/integrations\/connectors\/(?<id>[^/]+)$/, connector],
  [/^\/api\/v1\/openapi\.json$/, openapi],
  [/^\/api\/mcp$/, mcp],
];

export interface ConnectorApiServer {
  url: string;
  close(): Promise<void>;
}

export async function startConnectorApi(): Promise<ConnectorApiServer> {
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://${req.headers.host}${url.pathname}${url.search}`, { method: req.method, headers, body: body && req.method !== "GET" && req.method !== "HEAD" ? body : undefined });
      let response: Response | undefined;
      for (const [pattern, mod] of ROUTES) {
        const m = pattern.exec(url.pathname);
        if (!m) continue;
        const handler = mod[req.method as keyof RouteModule];
        response = handler ? await handler(request, { params: Promise.resolve({ ...m.groups }) }) : new Response(null, { status: 405 });
        break;
      }
      response ??= new Response("not found", { status: 404 });
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((v, k) => {
        if (k === "set-cookie") return;
        out[k] = v;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) out["set-cookie"] = cookies;
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      res.writeHead(599).end(String(err));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
