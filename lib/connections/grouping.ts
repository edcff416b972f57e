/**
 * The Connections page's list: grouped by platform (catalog order), needing attention first, and
 * narrowed by a search and a status filter. Pure and client-safe (the page and the bench use it).
 */
import { PLATFORM_CATALOG, platformName } from "@/lib/providers/catalog";
import type { TConnectionDto, TConnectionHealth } from "./dto";

export type TStatusFilter = "all" | TConnectionHealth["kind"];
export const STATUS_FILTERS: readonly TStatusFilter[] = ["all", "needs_reconnect", "expiring", "active"];

export interface TConnectionGroup<C extends TConnectionDto = TConnectionDto> {
  platform: string;
  name: string;
  /** Every connection of the platform (before the search and filter). */
  total: number;
  needsReconnect: number;
  connections: C[];
}

const RANK: Record<TConnectionHealth["kind"], number> = { needs_reconnect: 0, expiring: 1, active: 2 };
const ORDER = Object.keys(PLATFORM_CATALOG);

function byAttention(a: TConnectionDto, b: TConnectionDto): number {
  const r = RANK[a.health.kind] - RANK[b.health.kind];
  if (r !== 0) return r;
  if (a.health.kind === "expiring" && b.health.kind === "expiring") return a.health.days - b.health.days;
  return a.displayName.localeCompare(b.displayName, "en", { sensitivity: "base", numeric: true });
}

/** True when `c` matches the search (name, handle or subtitle, case- and accent-insensitive). */
export function matchesSearch(c: TConnectionDto, query: string): boolean {
  const q = fold(query.trim());
  if (!q) return true;
  return [c.displayName, c.handle, c.subtitle].some((s) => s && fold(s).includes(q));
}

const fold = (s: string) => s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();

/** How many connections have each status (for the filter's labels). */
export function countByStatus(connections: readonly TConnectionDto[]): Record<TStatusFilter, number> {
  const out: Record<TStatusFilter, number> = { all: connections.length, needs_reconnect: 0, expiring: 0, active: 0 };
  for (const c of connections) out[c.health.kind]++;
  return out;
}

/** Groups by platform in catalog order; each group sorted needs-reconnect first; empty groups dropped. */
export function groupConnections<C extends TConnectionDto>(connections: readonly C[], opts: { query?: string; status?: TStatusFilter } = {}): TConnectionGroup<C>[] {
  const groups = new Map<string, TConnectionGroup<C>>();
  for (const c of connections) {
    let g = groups.get(c.platform);
    if (!g) groups.set(c.platform, (g = { platform: c.platform, name: platformName(c.platform), total: 0, needsReconnect: 0, connections: [] }));
    g.total++;
    if (c.health.kind === "needs_reconnect") g.needsReconnect++;
    if ((opts.status ?? "all") !== "all" && c.health.kind !== opts.status) continue;
    if (!matchesSearch(c, opts.query ?? "")) continue;
    g.connections.push(c);
  }
  const rank = (p: string) => (ORDER.includes(p) ? ORDER.indexOf(p) : ORDER.length);
  return [...groups.values()]
    .filter((g) => g.connections.length > 0)
    .sort((a, b) => rank(a.platform) - rank(b.platform) || a.name.localeCompare(b.name))
    .map((g) => ({ ...g, connections: g.connections.sort(byAttention) }));
}

/** What kind of account this is, unless the platform's name or the subtitle already says it ("Facebook Page", not "Facebook Page · Page"). */
export function connectionKind(c: TConnectionDto): string | null {
  const kind = c.appType === "company" ? "Company page" : c.postTargetType === "channel" ? "Channel" : c.postTargetType === "page" ? "Page" : "Profile";
  if (platformName(c.platform).toLowerCase().endsWith(kind.toLowerCase())) return null;
  if (c.subtitle?.toLowerCase().includes(kind.toLowerCase())) return null;
  return kind;
}

/** The line under a connection's name: handle, subtitle or kind — each said once (its group names the platform). */
export function connectionDetail(c: TConnectionDto): string {
  return [c.handle, c.subtitle ?? connectionKind(c)].filter(Boolean).join(" · ");
}
