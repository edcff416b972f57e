"use client";
import { useMemo, useState } from "react";
import { LayoutGrid, List, Search } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { TConnectionDto } from "@/lib/connections/dto";
import { countByStatus, groupConnections, STATUS_FILTERS, type TStatusFilter } from "@/lib/connections/grouping";
import { cn } from "@/lib/utils";
import { ConnectionCard, ConnectionRow, type TConnectionActions } from "./ConnectionCard";
import { PlatformIcon } from "./PlatformIcon";

export type TConnectionItem = TConnectionDto & { connectedOn: string };
export type TConnectionsView = "cards" | "list";

/** Above this many connections the page starts in the compact list and offers search and filters. */
export const MANY_CONNECTIONS = 8;

const STATUS_LABEL: Record<TStatusFilter, string> = {
  all: "All statuses",
  needs_reconnect: "Needs reconnect",
  expiring: "Expiring soon",
  active: "Active",
};

function remember(key: string, value: string, fallback: string) {
  const url = new URL(window.location.href);
  if (value === fallback) url.searchParams.delete(key);
  else url.searchParams.set(key, value);
  window.history.replaceState(window.history.state, "", url);
}

/** The Connections page's list: grouped by platform with counts, searchable, filterable by status, as cards or a compact list. */
export function ConnectionsBrowser({
  connections,
  canManage,
  actions,
  extras,
  initial,
}: {
  connections: TConnectionItem[];
  canManage: boolean;
  actions: TConnectionActions;
  /** Platform-specific controls per connection id (e.g. Instagram Login's "Refresh now"). */
  extras: Record<string, React.ReactNode>;
  initial: { view?: TConnectionsView; status?: TStatusFilter; query?: string };
}) {
  const many = connections.length > MANY_CONNECTIONS;
  const defaultView: TConnectionsView = many ? "list" : "cards";
  const [view, setView] = useState<TConnectionsView>(initial.view ?? defaultView);
  const [status, setStatus] = useState<TStatusFilter>(initial.status ?? "all");
  const [query, setQuery] = useState(initial.query ?? "");
  const counts = useMemo(() => countByStatus(connections), [connections]);
  const groups = useMemo(() => groupConnections(connections, { query, status }), [connections, query, status]);
  const shown = groups.reduce((n, g) => n + g.connections.length, 0);
  const showTools = many || counts.needs_reconnect > 0 || query !== "" || status !== "all";

  return (
    <div data-testid="connections" data-view={view}>
      <div className="mb-5 flex flex-wrap items-center gap-2">
        {showTools ? (
          <>
            <div className="relative min-w-0 flex-1 basis-56">
              <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
              <Input
                type="search"
                aria-label="Search connections"
                placeholder="Search by name or @handle"
                value={query}
                onChange={(e) => {
                  setQuery(e.target.value);
                  remember("q", e.target.value, "");
                }}
                className="pl-8"
              />
            </div>
            <select
              aria-label="Status"
              value={status}
              onChange={(e) => {
                const next = e.target.value as TStatusFilter;
                setStatus(next);
                remember("status", next, "all");
              }}
              className="h-9 rounded-lg border border-zinc-300 bg-white px-2 text-sm shadow-sm focus-visible:border-brand-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/30"
            >
              {STATUS_FILTERS.map((s) => (
                <option key={s} value={s} disabled={s !== "all" && counts[s] === 0}>
                  {STATUS_LABEL[s]} ({counts[s]})
                </option>
              ))}
            </select>
          </>
        ) : (
          <p className="flex-1 text-sm text-zinc-500">
            {connections.length} {connections.length === 1 ? "connection" : "connections"}
          </p>
        )}
        <div className="inline-flex rounded-lg border border-zinc-300 bg-white p-0.5 shadow-sm" role="group" aria-label="Layout">
          {(["cards", "list"] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => {
                setView(v);
                remember("view", v, defaultView);
              }}
              className={cn(
                "inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-sm font-medium text-zinc-600 transition-colors hover:text-zinc-900",
                view === v && "bg-zinc-100 text-zinc-900",
              )}
            >
              {v === "cards" ? <LayoutGrid className="size-4" aria-hidden /> : <List className="size-4" aria-hidden />}
              {v === "cards" ? "Cards" : "List"}
            </button>
          ))}
        </div>
      </div>

      {shown === 0 ? (
        <div className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-500" data-testid="no-matches">
          <p>No connection matches{query ? ` “${query}”` : ""}{status !== "all" ? ` with the status “${STATUS_LABEL[status]}”` : ""}.</p>
          <Button
            variant="secondary"
            size="sm"
            className="mt-3"
            onClick={() => {
              setQuery("");
              setStatus("all");
              remember("q", "", "");
              remember("status", "all", "all");
            }}
          >
            Show all
          </Button>
        </div>
      ) : null}

      <div className="space-y-8">
        {groups.map((g) => (
          <section key={g.platform} aria-labelledby={`group-${g.platform}`} data-testid="connection-group" data-platform={g.platform}>
            <h2 id={`group-${g.platform}`} className="mb-3 flex items-center gap-2 text-sm font-semibold text-zinc-900">
              <PlatformIcon platform={g.platform} className="size-5 text-sm" />
              <span>{g.name}</span>
              <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-600" data-testid="group-count">
                {g.connections.length === g.total ? g.total : `${g.connections.length} of ${g.total}`}
              </span>
              {g.needsReconnect > 0 ? <Badge tone="danger">{g.needsReconnect} need{g.needsReconnect === 1 ? "s" : ""} reconnect</Badge> : null}
            </h2>
            {view === "cards" ? (
              <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 2xl:grid-cols-3">
                {g.connections.map((c) => (
                  <ConnectionCard key={c.id} connection={c} connectedOn={c.connectedOn} canManage={canManage} actions={actions} extraActions={extras[c.id]} />
                ))}
              </div>
            ) : (
              <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white shadow-sm">
                {g.connections.map((c) => (
                  <ConnectionRow key={c.id} connection={c} connectedOn={c.connectedOn} canManage={canManage} actions={actions} extraActions={extras[c.id]} />
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
