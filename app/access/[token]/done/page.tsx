import { cookies } from "next/headers";
import { CheckCircle2 } from "lucide-react";
import { SharedAssets } from "@/components/clients/SharedAssets";
import { getDb } from "@/db/client";
import { AGENCY_SESSION_COOKIE, agencyNameOf, confirmedHere } from "@/lib/agency/authorize";
import { openAccessRequest } from "@/lib/agency/requests";
import { DeadEnd } from "../dead-end";

export const dynamic = "force-dynamic";

/** Step 3: done — what the agency can now use (listed only in the browser that chose it). */
export default async function DonePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = getDb();
  const opened = await openAccessRequest(db, token);
  if (!opened.ok) return <DeadEnd reason={opened.reason} />;
  const agency = await agencyNameOf(db, opened.request);
  const here = await confirmedHere(opened.connection, (await cookies()).get(AGENCY_SESSION_COOKIE)?.value);
  return (
    <div className="space-y-5 rounded-2xl border border-zinc-200 bg-white p-5 shadow-sm sm:p-8">
      <div className="flex items-start gap-3">
        <CheckCircle2 className="mt-0.5 size-6 shrink-0 text-emerald-600" aria-hidden />
        <div>
          <h1 className="text-xl font-semibold text-zinc-900" data-testid="access-done">
            Done — {agency} can now use what you shared
          </h1>
          <p className="text-sm text-zinc-600">You can close this page. To change what you share, open the same link again.</p>
        </div>
      </div>
      {here && opened.connection ? <SharedAssets assets={opened.connection.selectedAssets} /> : null}
    </div>
  );
}
