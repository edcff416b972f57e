import type { Metadata } from "next";
import Link from "next/link";
import { Inbox } from "lucide-react";
import { getDb } from "@/db/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { InboxView } from "@/components/inbox/InboxView";
import { latestBackfill, listAssignees, listConversations } from "@/lib/inbox/conversations";
import { instagramLoginInboxAccounts } from "@/lib/inbox/instagram-login";
import { getMetaConnection } from "@/lib/meta-messaging/settings";
import { requireOrgContext } from "@/lib/orgs/current";

export const metadata: Metadata = { title: "Inbox · Switchboard" };
export const dynamic = "force-dynamic";

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ conversation?: string | string[] }> }) {
  const { conversation } = await searchParams;
  const ctx = await requireOrgContext();
  const db = getDb();
  const orgId = ctx.org.organizationId;
  const [conversations, connection, instagramAccounts, assignees, backfill] = await Promise.all([
    listConversations(db, orgId, ctx.user.id),
    getMetaConnection(db, orgId),
    instagramLoginInboxAccounts(db, orgId),
    listAssignees(db, orgId),
    latestBackfill(db, orgId),
  ]);
  const header = <PageHeader title="Inbox" description="Messenger and Instagram DMs for your organization's Facebook Page and Instagram accounts." />;
  const linked = connection !== null || instagramAccounts.length > 0;
  if (!linked && conversations.length === 0) {
    return (
      <>
        {header}
        <EmptyState
          icon={Inbox}
          title="Link a Facebook Page to receive messages"
          description="Connect your Page (and the Instagram account linked to it) under Settings → Integrations; new conversations arrive here."
        >
          <Button asChild variant="secondary">
            <Link href="/settings/tab/integrations">Open Integrations</Link>
          </Button>
        </EmptyState>
      </>
    );
  }
  return (
    <>
      {header}
      <InboxView
        initialConversations={conversations}
        initialBackfill={backfill}
        assignees={assignees}
        me={ctx.user.id}
        linked={linked}
        initialOpenId={typeof conversation === "string" && /^[0-9a-f-]{36}$/i.test(conversation) ? conversation : null}
      />
    </>
  );
}
