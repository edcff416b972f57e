import type { Metadata } from "next";
import Link from "next/link";
import { PenSquare } from "lucide-react";
import { z } from "zod";
import { getDb } from "@/db/client";
import { Composer, type TComposeConnection } from "@/components/compose/Composer";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { findConnection, listConnections } from "@/lib/connections/queries";
import { mediaStorage } from "@/lib/media/storage";
import { requireOrgContext } from "@/lib/orgs/current";
import { getProvider } from "@/lib/providers";
import { postQuota } from "@/lib/publishing/ledger";
import { getPost } from "@/lib/publishing/manage";
import { markTargetPostedAction, postTargetAgainAction, retryTargetAction } from "../posts/actions";
import { publishPostAction, uploadImageAction } from "./actions";

export const metadata: Metadata = { title: "Compose · Switchboard" };

export default async function ComposePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireOrgContext();
  const db = getDb();
  const organizationId = ctx.org.organizationId;
  const ready = (await listConnections(db, organizationId)).filter((c) => c.health.kind !== "needs_reconnect" && !!getProvider(c.platform)?.publishing);
  const connections: TComposeConnection[] = [];
  for (const c of ready) {
    const row = await findConnection(db, organizationId, c.id);
    const quota = row ? await postQuota(db, row) : null;
    connections.push({
      id: c.id,
      platform: c.platform,
      displayName: c.displayName,
      handle: c.handle,
      avatarUrl: c.avatarUrl,
      quota: quota ? { limit: quota.limit, used: quota.used, nextSlotAt: quota.nextSlotAt?.toISOString() ?? null } : null,
    });
  }
  // "Duplicate" on the Posts page opens Compose with that post's text and images.
  const duplicateId = z.uuid().safeParse((await searchParams).duplicate);
  const source = duplicateId.success ? await getPost(db, mediaStorage(), organizationId, duplicateId.data) : null;
  return (
    <>
      <PageHeader title="Compose" description="Write once; Switchboard checks each platform's limits and publishes to all of them." />
      {connections.length === 0 ? (
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
        <Composer
          connections={connections}
          initial={source ? { text: source.text, images: source.images } : undefined}
          uploadAction={uploadImageAction}
          publishAction={publishPostAction}
          targetActions={{ retry: retryTargetAction, markPosted: markTargetPostedAction, postAgain: postTargetAgainAction }}
        />
      )}
    </>
  );
}
