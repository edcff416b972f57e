/** Graph batch: POST https://graph.facebook.com (or /vNN.0) with batch=[{method, relative_url, body?, name?, depends_on?, omit_response_on_success?}], ≤ 50. */
import { json, param } from "../../core/http";
import type { Route, SandboxContext, SandboxRequest } from "../../core/types";
import { E } from "../meta/errors";
import { checkVersion, DEFAULT_GRAPH_VERSION } from "../meta/graph";

interface Op {
  method?: string;
  relative_url?: string;
  body?: string;
  name?: string;
  depends_on?: string;
  omit_response_on_success?: boolean;
  access_token?: string;
}

/** Minimal JSONPath: $.a.b, $.data.*.id, $.data.0.id. */
function jsonPath(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const part of path.replace(/^\$\.?/, "").split(".").filter(Boolean)) {
    current = current.flatMap((v) => {
      if (v === null || typeof v !== "object") return [];
      if (part === "*") return Array.isArray(v) ? v : Object.values(v);
      const next = (v as Record<string, unknown>)[part];
      return next === undefined ? [] : [next];
    });
  }
  return current;
}

function substitute(text: string, results: Map<string, unknown>): string {
  return text.replace(/\{result=([^:}]+):([^}]+)\}/g, (_m, name: string, path: string) =>
    jsonPath(results.get(name), decodeURIComponent(path)).map(String).join(","),
  );
}

async function batch(req: SandboxRequest, ctx: SandboxContext): Promise<Response> {
  const version = req.params.version ?? DEFAULT_GRAPH_VERSION;
  const bad = req.params.version ? checkVersion(version) : undefined;
  if (bad) return bad;
  const raw = param(req, "batch");
  if (!raw) return E.param("(#100) The parameter batch is required");
  let ops: Op[];
  try {
    ops = JSON.parse(raw) as Op[];
    if (!Array.isArray(ops)) throw new Error();
  } catch {
    return E.param("(#100) The parameter batch must be a JSON array");
  }
  if (ops.length > 50) return E.param("(#100) Too many requests in batch message. Maximum batch size is 50");
  const defaultToken = param(req, "access_token") ?? req.headers.get("authorization")?.replace(/^(Bearer|OAuth)\s+/i, "");
  const includeHeaders = param(req, "include_headers") !== "false";
  const named = new Map<string, unknown>();
  const failed = new Set<string>();
  const referenced = new Set(ops.flatMap((o) => [...(o.relative_url ?? "").matchAll(/\{result=([^:}]+):/g), ...(o.body ?? "").matchAll(/\{result=([^:}]+):/g)].map((m) => m[1]!)));
  const out: unknown[] = [];
  for (const op of ops) {
    if (op.depends_on && failed.has(op.depends_on)) {
      out.push(null);
      if (op.name) failed.add(op.name);
      continue;
    }
    const method = (op.method ?? "GET").toUpperCase();
    let rel = substitute((op.relative_url ?? "").replace(/^\//, ""), named);
    if (!/^v\d+\.\d+\//.test(rel)) rel = `${version}/${rel}`;
    const url = new URL(`http://batch.internal/graph.facebook.com/${rel}`);
    const token = op.access_token ?? defaultToken;
    if (token && !url.searchParams.has("access_token")) url.searchParams.set("access_token", token);
    // The batch's appsecret_proof signs its default token; a part with its own token signs its own.
    const proof = param(req, "appsecret_proof");
    if (proof !== undefined && token === defaultToken && !url.searchParams.has("appsecret_proof")) url.searchParams.set("appsecret_proof", proof);
    const headers = new Headers();
    for (const [k, v] of req.headers) if (k.startsWith("x-sandbox-")) headers.set(k, v);
    let body: string | undefined;
    if (method !== "GET" && method !== "DELETE" && op.body) {
      body = substitute(op.body, named);
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    const res = await ctx.dispatch(new Request(url, { method, headers, body }));
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    if (op.name) {
      if (res.ok) named.set(op.name, parsed);
      else failed.add(op.name);
    }
    if (res.ok && op.name && referenced.has(op.name) && op.omit_response_on_success !== false) {
      out.push(null);
      continue;
    }
    const h = [...res.headers].map(([name, value]) => ({ name, value }));
    out.push(includeHeaders ? { code: res.status, headers: h, body: text } : { code: res.status, body: text });
  }
  return json(out);
}

export const batchRoutes: Route[] = [
  { method: "POST", host: "graph.facebook.com", path: "/", label: "graph.facebook.com POST / (batch)", handler: batch },
  { method: "POST", host: "graph.facebook.com", path: "/:version", label: "graph.facebook.com POST / (batch)", handler: batch },
];
