import { Camera, Flag, Megaphone } from "lucide-react";
import type { LucideIcon } from "lucide-react";

export interface SharedAssetView {
  kind: "ad_account" | "page" | "instagram_account";
  id: string;
  name: string;
}

const GROUPS: Array<{ kind: SharedAssetView["kind"]; title: string; icon: LucideIcon; none: string }> = [
  { kind: "ad_account", title: "Ad accounts", icon: Megaphone, none: "No ad accounts shared." },
  { kind: "page", title: "Pages", icon: Flag, none: "No Pages shared." },
  { kind: "instagram_account", title: "Instagram accounts", icon: Camera, none: "No Instagram accounts shared." },
];

/** What a client shared, by group, with counts (the agency's client view). */
export function SharedAssets({ assets }: { assets: SharedAssetView[] }) {
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
      {GROUPS.map((g) => {
        const items = assets.filter((a) => a.kind === g.kind);
        return (
          <section key={g.kind} aria-label={g.title} data-testid={`shared-${g.kind}`} className="rounded-lg border border-zinc-200 p-3">
            <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold text-zinc-900">
              <g.icon className="size-4 text-zinc-500" aria-hidden /> {g.title} <span className="font-normal text-zinc-500">({items.length})</span>
            </h3>
            {items.length ? (
              <ul className="space-y-1 text-sm">
                {items.map((a) => (
                  <li key={a.id} data-testid="shared-asset" className="flex flex-col">
                    <span className="font-medium text-zinc-800">{a.name}</span>
                    <span className="text-xs text-zinc-500">{a.id}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-zinc-500">{g.none}</p>
            )}
          </section>
        );
      })}
    </div>
  );
}
