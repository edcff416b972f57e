/** Matches "/<host>/<path>" requests to module routes: literal segments beat ":name", which beats ":name*". */
import type { Route } from "./types";

interface Compiled {
  route: Route;
  hosts: string[];
  segments: string[];
  score: number;
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

function compile(route: Route): Compiled {
  const segments = route.path.split("/").filter(Boolean);
  // Higher score = more specific. Literals weigh most; a rest segment least.
  let score = 0;
  for (const s of segments) score = score * 4 + (s.endsWith("*") ? 1 : s.startsWith(":") ? 2 : 3);
  return { route, hosts: Array.isArray(route.host) ? route.host : [route.host], segments, score: score * 64 + segments.length };
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(":") && p.endsWith("*")) {
      params[p.slice(1, -1)] = parts.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (p.startsWith(":")) params[p.slice(1)] = decodeURIComponent(part);
    else if (p !== part) return null;
  }
  return parts.length === pattern.length ? params : null;
}

export class Router {
  private compiled: Compiled[] = [];
  private hostSet = new Set<string>();

  add(routes: Route[]): void {
    for (const r of routes) {
      const c = compile(r);
      this.compiled.push(c);
      c.hosts.forEach((h) => this.hostSet.add(h));
    }
    this.compiled.sort((a, b) => b.score - a.score);
  }

  hasHost(host: string): boolean {
    return this.hostSet.has(host);
  }

  /** Best route for method+host+path; HEAD falls back to GET. `methodMismatch` says the path exists for another method. */
  match(method: string, host: string, path: string): Match | { methodMismatch: boolean } {
    const parts = path.split("/").filter(Boolean);
    let other = false;
    for (const m of method === "HEAD" ? ["HEAD", "GET"] : [method]) {
      for (const c of this.compiled) {
        if (!c.hosts.includes(host)) continue;
        const params = matchSegments(c.segments, parts);
        if (!params) continue;
        if (c.route.method === m) return { route: c.route, params };
        other = true;
      }
    }
    return { methodMismatch: other };
  }
}

export function routeLabel(route: Route, host: string): string {
  return route.label ?? `${host} ${route.method} ${route.path}`;
}
