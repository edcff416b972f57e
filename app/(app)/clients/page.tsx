import type { Metadata } from "next";
import { Users } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Clients · Switchboard" };

export default function ClientsPage() {
  return (
    <>
      <PageHeader title="Clients" description="Ask a client for access to their Meta ad accounts, Pages and Instagram accounts with one link." />
      <EmptyState
        icon={Users}
        title="No access requests yet"
        description="Create an access request, send the link to your client, and see what they shared here — with days left until it needs renewing."
      />
    </>
  );
}
