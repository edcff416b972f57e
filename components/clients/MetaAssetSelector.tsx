"use client";
import { useActionState, useState } from "react";
import { Camera, Check, Flag, Megaphone } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { FormAction } from "@/lib/actions";
import { AssetGroup, type AssetItem } from "./AssetGroup";

export interface MetaAssetsView {
  adAccounts: AssetItem[];
  pages: AssetItem[];
  instagramAccounts: AssetItem[];
  /** Businesses the client can reach (the empty Instagram group says why with it). */
  businesses: number;
}

/**
 * The client picks exactly what the agency may use: ad accounts, Pages and Instagram accounts,
 * nothing preselected, from the listing Meta gave when they authorized (a pending choice). Confirm
 * is a server action that keeps only picks that listing offers, once.
 */
export function MetaAssetSelector({ token, agencyName, assets, confirm }: { token: string; agencyName: string; assets: MetaAssetsView; confirm: FormAction<void> }) {
  const [state, submit, pending] = useActionState(confirm, null);
  const [ads, setAds] = useState<Set<string>>(new Set());
  const [pages, setPages] = useState<Set<string>>(new Set());
  const [igs, setIgs] = useState<Set<string>>(new Set());
  const total = ads.size + pages.size + igs.size;
  return (
    <form action={submit} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      {[...ads].map((id) => (
        <input key={id} type="hidden" name="adAccounts" value={id} />
      ))}
      {[...pages].map((id) => (
        <input key={id} type="hidden" name="pages" value={id} />
      ))}
      {[...igs].map((id) => (
        <input key={id} type="hidden" name="instagramAccounts" value={id} />
      ))}
      <AssetGroup
        title="Ad accounts"
        icon={Megaphone}
        items={assets.adAccounts}
        selected={ads}
        onChange={setAds}
        empty="This Facebook account has no ad accounts. Ad accounts you can use in Ads Manager appear here."
      />
      <AssetGroup title="Pages" icon={Flag} items={assets.pages} selected={pages} onChange={setPages} empty="This Facebook account manages no Pages, or none were allowed on Facebook's screen." />
      <AssetGroup
        title="Instagram accounts"
        icon={Camera}
        items={assets.instagramAccounts}
        selected={igs}
        onChange={setIgs}
        empty={
          assets.businesses === 0
            ? "No Instagram accounts found. Instagram accounts can only be shared when they belong to a Business Manager (Meta Business Suite) you can reach, or are linked to one of your Pages."
            : "No Instagram accounts found in your Business Managers or linked to your Pages. Add the Instagram account to your Business Manager in Meta Business Suite, then connect again."
        }
      />
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      <div className="sticky bottom-0 -mx-4 flex flex-col gap-2 border-t border-zinc-200 bg-white/95 px-4 py-3 backdrop-blur sm:mx-0 sm:flex-row sm:items-center sm:justify-between sm:rounded-xl sm:border">
        <p className="text-sm text-zinc-600" data-testid="selection-summary">
          {total === 0 ? "Choose what to share." : `${agencyName} will see ${total} ${total === 1 ? "item" : "items"}.`}
        </p>
        <Button type="submit" disabled={pending || total === 0} className="w-full sm:w-auto">
          <Check aria-hidden /> Confirm and share
        </Button>
      </div>
    </form>
  );
}
