import Link from "next/link";
import { cookies } from "next/headers";
import { MetaAssetSelector } from "@/components/clients/MetaAssetSelector";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { AGENCY_SESSION_COOKIE, agencyNameOf, CHOOSING_EXPIRED, selectorState } from "@/lib/agency/authorize";
import type { TAssetChoices } from "@/lib/agency/choices";
import { openAccessRequest } from "@/lib/agency/requests";
import { rewriteUrl } from "@/lib/http";
import { confirmAssetsAction } from "../actions";
import { DeadEnd } from "../dead-end";

export const dynamic = "force-dynamic";

function Box({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-5 shadow-sm sm:p-8">
      <h1 className="text-xl font-semibold text-zinc-900">{title}</h1>
      {children}
    </div>
  );
}

/** Meta's CDN picture as the browser loads it (through the sandbox when one stands in for Meta). */
const picture = (url: string | null) => (url ? rewriteUrl(url) : null);

const toView = (a: TAssetChoices) => ({
  adAccounts: a.adAccounts.map((x) => ({ id: x.id, name: x.name, detail: x.detail, pictureUrl: null, unavailable: x.unavailable })),
  pages: a.pages.map((p) => ({ id: p.id, name: p.name, detail: p.instagramUsername ? `Instagram @${p.instagramUsername}` : "No Instagram account", pictureUrl: picture(p.pictureUrl), unavailable: null })),
  instagramAccounts: a.instagramAccounts.map((i) => ({ id: i.id, name: i.name, detail: i.detail, pictureUrl: picture(i.pictureUrl), unavailable: null })),
  businesses: a.businesses,
});

/** Step 2: MetaAssetSelector — the listing stored when the client authorized, only in that browser (its cookie holds the pending choice id). */
export default async function SelectPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = getDb();
  const opened = await openAccessRequest(db, token);
  if (!opened.ok) return <DeadEnd reason={opened.reason} />;
  const agency = await agencyNameOf(db, opened.request);
  const back = (
    <Button asChild>
      <Link href={`/access/${token}`}>Connect Meta again</Link>
    </Button>
  );
  const state = await selectorState(db, opened.request, opened.connection, (await cookies()).get(AGENCY_SESSION_COOKIE)?.value);
  if (state.status === "expired") {
    return (
      <Box title="Choosing has expired">
        <p className="text-sm text-zinc-600" data-testid="choice-expired">
          {CHOOSING_EXPIRED} Nothing was shared.
        </p>
        {back}
      </Box>
    );
  }
  if (state.status === "none") {
    return (
      <Box title="Connect Meta first">
        <p className="text-sm text-zinc-600">To choose what to share, sign in to Facebook from this device. Choosing stays open for an hour after you connect.</p>
        {back}
      </Box>
    );
  }
  const { connection, assets } = state;
  const total = assets.adAccounts.length + assets.pages.length + assets.instagramAccounts.length;
  if (total === 0) {
    return (
      <Box title="Nothing to share from this Facebook account">
        <p className="text-sm text-zinc-600" data-testid="no-assets">
          {connection.metaUserName ?? "This account"} has no ad accounts, Pages or Instagram accounts that Facebook lets it share. If your business assets are
          under another Facebook account, connect with that one. On Facebook&apos;s screen, make sure the Pages, businesses and ad accounts you want are ticked.
        </p>
        {back}
      </Box>
    );
  }
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Choose what {agency} may use</h1>
        <p className="text-sm text-zinc-600">Signed in to Facebook as {connection.metaUserName ?? "you"}. Nothing is shared until you confirm.</p>
      </div>
      <MetaAssetSelector token={token} agencyName={agency} assets={toView(assets)} confirm={confirmAssetsAction} />
    </div>
  );
}
