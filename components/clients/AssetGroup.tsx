"use client";
import { useId, useMemo, useState } from "react";
import type { LucideIcon } from "lucide-react";
import { Search } from "lucide-react";
import { Input } from "@/components/ui/input";
import { useHydrated } from "@/components/ui/use-hydrated";

export interface AssetItem {
  id: string;
  name: string;
  /** One line under the name: "Instagram @x", "USD · Okafor Ltd", "via Okafor Ltd". */
  detail: string | null;
  pictureUrl: string | null;
  /** Shown but not selectable (a disabled ad account), with why. */
  unavailable: string | null;
}

/** Groups longer than this get a search box. */
const SEARCH_FROM = 8;

/** One group of the selector: a heading with counts, Select all, search when long, or why it is empty. */
export function AssetGroup({
  title,
  icon: Icon,
  items,
  selected,
  onChange,
  empty,
}: {
  title: string;
  icon: LucideIcon;
  items: AssetItem[];
  selected: Set<string>;
  onChange: (next: Set<string>) => void;
  empty: string;
}) {
  const [query, setQuery] = useState("");
  // Controlled boxes: a tick before hydration would be lost, so they wait for it.
  const hydrated = useHydrated();
  const searchId = useId();
  const selectable = items.filter((i) => !i.unavailable);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? items.filter((i) => i.name.toLowerCase().includes(q) || (i.detail ?? "").toLowerCase().includes(q) || i.id.includes(q)) : items;
  }, [items, query]);
  const shownSelectable = shown.filter((i) => !i.unavailable);
  const allShownOn = shownSelectable.length > 0 && shownSelectable.every((i) => selected.has(i.id));
  const chosen = selectable.filter((i) => selected.has(i.id)).length;

  const toggleAll = () => {
    const next = new Set(selected);
    for (const i of shownSelectable) (allShownOn ? next.delete(i.id) : next.add(i.id));
    onChange(next);
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange(next);
  };

  return (
    <section aria-label={title} className="rounded-xl border border-zinc-200 bg-white" data-testid="asset-group">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-100 px-4 py-3">
        <h2 className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
          <Icon className="size-4 text-zinc-500" aria-hidden />
          {title}
          <span className="font-normal text-zinc-500" data-testid="asset-group-count">
            {items.length === 0 ? "(none)" : `${chosen} of ${selectable.length} selected`}
          </span>
        </h2>
        {shownSelectable.length > 1 ? (
          <label className="flex min-h-9 cursor-pointer items-center gap-2 text-sm text-zinc-700">
            <input type="checkbox" className="size-4 accent-brand-600" checked={allShownOn} disabled={!hydrated} onChange={toggleAll} />
            {query ? "Select all shown" : "Select all"}
          </label>
        ) : null}
      </header>
      {items.length === 0 ? (
        <p className="px-4 py-4 text-sm text-zinc-600">{empty}</p>
      ) : (
        <>
          {items.length > SEARCH_FROM ? (
            <div className="relative border-b border-zinc-100 px-4 py-2">
              <label htmlFor={searchId} className="sr-only">
                Search {title.toLowerCase()}
              </label>
              <Search className="pointer-events-none absolute left-6 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
              <Input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={`Search ${items.length} ${title.toLowerCase()}`} className="pl-8" />
            </div>
          ) : null}
          <ul className="max-h-96 divide-y divide-zinc-100 overflow-y-auto">
            {shown.map((item) => (
              <li key={item.id}>
                <label className={`flex min-h-12 items-center gap-3 px-4 py-2 ${item.unavailable ? "cursor-not-allowed opacity-60" : "cursor-pointer hover:bg-zinc-50"}`}>
                  <input
                    type="checkbox"
                    className="size-4 shrink-0 accent-brand-600"
                    checked={selected.has(item.id)}
                    disabled={!hydrated || !!item.unavailable}
                    onChange={() => toggle(item.id)}
                    aria-describedby={item.unavailable ? `${item.id}-why` : undefined}
                  />
                  {item.pictureUrl ? (
                    // eslint-disable-next-line @next/next/no-img-element -- Meta's CDN; no referrer (layout)
                    <img src={item.pictureUrl} alt="" className="size-8 shrink-0 rounded-full bg-zinc-100 object-cover" />
                  ) : (
                    <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-xs font-semibold text-zinc-600" aria-hidden>
                      {item.name.replace(/^@/, "").slice(0, 1).toUpperCase()}
                    </span>
                  )}
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium text-zinc-900">{item.name}</span>
                    {item.detail ? <span className="block truncate text-xs text-zinc-500">{item.detail}</span> : null}
                  </span>
                  {item.unavailable ? (
                    <span id={`${item.id}-why`} className="shrink-0 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700">
                      {item.unavailable}
                    </span>
                  ) : null}
                </label>
              </li>
            ))}
            {shown.length === 0 ? <li className="px-4 py-3 text-sm text-zinc-500">Nothing matches “{query}”.</li> : null}
          </ul>
        </>
      )}
    </section>
  );
}
