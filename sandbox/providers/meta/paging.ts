/** Cursor paging as Graph does it: {data, paging:{cursors:{before,after}, next?, previous?}}; no `next` on the last page. */

export interface PageOptions {
  /** Default page size when `limit` is absent. */
  defaultLimit?: number;
  maxLimit?: number;
}

export type PagingResult<T> =
  | { ok: true; data: T[]; paging?: { cursors: { before: string; after: string }; next?: string; previous?: string } }
  | { ok: false; message: string };

const encode = (id: string) => Buffer.from(`sbx:${id}`).toString("base64url");
const decode = (cursor: string) => {
  const s = Buffer.from(cursor, "base64url").toString("utf8");
  return s.startsWith("sbx:") ? s.slice(4) : undefined;
};

/**
 * One page of `items` (each with an `id`). `publicUrl` is the request's URL on the real host
 * (https://graph.facebook.com/v24.0/me/accounts?…), used to build `next`/`previous` as Meta does.
 */
export function paginate<T extends { id: string }>(items: T[], query: URLSearchParams, publicUrl: string, opts: PageOptions = {}): PagingResult<T> {
  const max = opts.maxLimit ?? 100;
  const rawLimit = query.get("limit");
  let limit = rawLimit === null ? (opts.defaultLimit ?? 25) : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0) return { ok: false, message: "(#100) Param limit must be a non-negative integer" };
  limit = Math.min(Math.max(limit, 1), max);

  let start = 0;
  const after = query.get("after");
  const before = query.get("before");
  if (after) {
    const id = decode(after);
    const idx = id === undefined ? -1 : items.findIndex((i) => i.id === id);
    if (idx < 0) return { ok: false, message: "(#100) The after cursor is invalid" };
    start = idx + 1;
  } else if (before) {
    const id = decode(before);
    const idx = id === undefined ? -1 : items.findIndex((i) => i.id === id);
    if (idx < 0) return { ok: false, message: "(#100) The before cursor is invalid" };
    start = Math.max(0, idx - limit);
  }
  const data = items.slice(start, start + limit);
  if (data.length === 0) return { ok: true, data };
  const cursors = { before: encode(data[0]!.id), after: encode(data[data.length - 1]!.id) };
  const link = (k: "after" | "before", v: string) => {
    const u = new URL(publicUrl);
    u.searchParams.delete("after");
    u.searchParams.delete("before");
    u.searchParams.set("limit", String(limit));
    u.searchParams.set(k, v);
    return u.toString();
  };
  return {
    ok: true,
    data,
    paging: {
      cursors,
      ...(start > 0 ? { previous: link("before", cursors.before) } : {}),
      ...(start + limit < items.length ? { next: link("after", cursors.after) } : {}),
    },
  };
}
