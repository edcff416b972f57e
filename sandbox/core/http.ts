/** Small response helpers shared by modules. */

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  const res = new Response(text, {
    status,
    headers: { "content-type": "application/json; charset=UTF-8", ...headers },
  });
  textOf.set(res, text);
  return res;
}

/**
 * The body text a JSON response was made from, for the HTTP server to send as is instead of
 * reading the Response's body stream back (a good part of the sandbox's CPU per request). A
 * Response rebuilt around another's body (new headers) is not in here and is read as usual.
 */
const textOf = new WeakMap<Response, string>();
export function knownBodyText(res: Response): string | undefined {
  return textOf.get(res);
}

export function html(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8", ...headers } });
}

export function text(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });
}

export function redirect(location: string, status = 302): Response {
  return new Response(null, { status, headers: { location } });
}

/** Append params to a URL, keeping any it already has (redirect_uri may carry a query). */
export function withParams(url: string, params: Record<string, string | undefined>, hash?: string): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  if (hash !== undefined) u.hash = hash;
  return u.toString();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A param from query, then form, then JSON body. */
export function param(req: { query: URLSearchParams; form: URLSearchParams; json: unknown }, name: string): string | undefined {
  const v = req.query.get(name) ?? req.form.get(name);
  if (v !== null) return v;
  const j = req.json as Record<string, unknown> | undefined;
  const jv = j && typeof j === "object" ? j[name] : undefined;
  if (jv === undefined || jv === null) return undefined;
  return typeof jv === "string" ? jv : JSON.stringify(jv);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
