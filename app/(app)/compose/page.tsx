import type { Metadata } from "next";
import Link from "next/link";
import { PenSquare } from "lucide-react";
import { getDb } from "@/db/client";
import { Avatar } from "@/components/connections/Avatar";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listConnections } from "@/lib/connections/queries";
import { requireOrgContext } from "@/lib/orgs/current";

export const metadata: Metadata = { title: "Compose · Switchboard" };

export default async function ComposePage() {
  const ctx = await requireOrgContext();
  const ready = (await listConnections(getDb(), ctx.org.organizationId)).filter((c) => c.health.kind !== "needs_reconnect");
  return (
    <>
      <PageHeader title="Compose" description="Write once; Switchboard checks each platform's limits and publishes to all of them." />
      {ready.length === 0 ? (
        <EmptyState
          icon={PenSquare}
          title="Connect an account to start writing"
          description="Posts go to your connected accounts. Once you have one, you can compose, preview per platform, publish now or schedule."
        >
          <Button asChild>
            <Link href="/connections">Go to Connections</Link>
          </Button>
        </EmptyState>
      ) : (
        <EmptyState
          icon={PenSquare}
          title="The composer is not here yet"
          description={`${ready.length} connected account${ready.length === 1 ? " is" : "s are"} ready to publish to. Writing, per-platform previews and scheduling arrive with the publishing release.`}
        >
          <div className="flex -space-x-2" data-testid="compose-ready-accounts">
            {ready.slice(0, 8).map((c) => (
              <Avatar key={c.id} src={c.avatarUrl} name={c.displayName} className="size-8 ring-2 ring-white" />
            ))}
          </div>
        </EmptyState>
      )}
    </>
  );
}
