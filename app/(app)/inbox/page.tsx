import type { Metadata } from "next";
import Link from "next/link";
import { Inbox } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Inbox · Switchboard" };

export default function InboxPage() {
  return (
    <>
      <PageHeader title="Inbox" description="Messenger and Instagram DMs for your organization's Facebook Page." />
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
